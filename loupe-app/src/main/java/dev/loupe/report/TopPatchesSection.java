package dev.loupe.report;

import dev.loupe.data.Dataset;
import dev.loupe.features.ActivationProjection;
import dev.loupe.features.FeatureFigures;
import dev.loupe.features.TopActivationSearch;
import dev.loupe.features.TopActivations;
import dev.loupe.features.TopPatches;
import dev.loupe.features.UnitPatches;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Zeiler &amp; Fergus (2014), "Visualizing and Understanding Convolutional Networks", figure 2: for a sample of units
 * of each conv layer, the nine training patches that activate the unit most, each beside the DeconvNet projection of
 * that single activation.
 */
final class TopPatchesSection implements Section {
    @Override
    public String id() {
        return "top-patches";
    }

    @Override
    public String title() {
        return "Top-9 patches and their projections";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("Each unit (feature map) of a conv layer is shown by the nine image patches, among the training "
                + "images searched, where it responds most strongly (right grid), and by the DeconvNet projection of "
                + "each of those single activations back to pixels (left grid). The patch is the unit's receptive "
                + "field. Lower layers respond to strokes and edges of a given orientation; higher layers to larger "
                + "parts, with more variation among the nine patches.");
        List<ReportContext.FeatureMap> maps = ctx.featureMaps();
        if (maps.isEmpty()) {
            throw new SectionUnavailable("the model has no convolution");
        }
        List<String> layers = maps.stream().map(ReportContext.FeatureMap::layer).toList();
        Dataset search = ctx.input().train().subset(0, Math.min(ctx.input().train().size(),
                ctx.size().searchImages()));
        TopActivations top = new TopActivationSearch(layers, TopActivationSearch.DEFAULT_K,
                TopActivationSearch.DEFAULT_BATCH).run(ctx.model(), search, ctx.input().normalization()::apply,
                ctx.parallel(), (done, total) -> { });
        ActivationProjection projection = ActivationProjection.deconvNet(ctx.input().normalization()::apply,
                ctx.parallel());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("layers", String.join(", ", layers));
        params.put("k", Integer.toString(TopActivationSearch.DEFAULT_K));
        params.put("units per layer", Integer.toString(ctx.size().unitsPerLayer()));
        params.put("images searched", search.size() + " (" + search.name() + ")");
        params.put("projection", "DeconvNet from the single activation");
        out.provenance(ctx.provenance("top-patches", params), Map.of());
        List<Figure> figures = new ArrayList<>();
        for (String layer : layers) {
            int units = top.units(layer);
            int shown = Math.min(units, ctx.size().unitsPerLayer());
            List<UnitPatches> panels = new ArrayList<>();
            for (int j = 0; j < shown; j++) {
                panels.add(TopPatches.of(ctx.model(), search, top, layer, (int) ((long) j * units / shown),
                        projection));
            }
            int patch = panels.get(0).patches().get(0).dim(2);
            int scale = Math.max(2, 40 / Math.max(1, patch));
            String src = ctx.figures().png("top-patches-" + layer, FeatureFigures.topPatches(panels,
                    Math.min(4, shown), scale), ReportContext.metadata(ctx.provenance("top-patches", params)));
            figures.add(new Figure(src, layer + ": " + shown + " of " + units + " units (evenly spaced), patches of "
                    + patch + "×" + patch + " pixels."));
        }
        out.figures(figures);
    }
}
