package dev.loupe.report;

import dev.loupe.explain.synthesis.DeepDream;
import dev.loupe.explain.synthesis.DreamConfig;
import dev.loupe.render.Mosaic;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DeepDream (Mordvintsev, Olah &amp; Tyka, 2015, "Inceptionism: Going Deeper into Neural Networks"): gradient ascent
 * on the norm of a layer's activation, starting from a real image, over several octaves.
 */
final class DeepDreamSection implements Section {
    @Override
    public String id() {
        return "deepdream";
    }

    @Override
    public String title() {
        return "DeepDream";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("DeepDream (Mordvintsev et al., 2015) amplifies whatever a layer already sees in an image: it "
                + "climbs the gradient of the squared norm of the layer's activation, at several scales (octaves), "
                + "with small random shifts (jitter). Dreaming at a low layer exaggerates strokes and edges; at a "
                + "higher layer, the parts that the network associates with its classes.");
        List<ReportContext.FeatureMap> layers = ctx.featureMaps();
        if (layers.isEmpty()) {
            throw new SectionUnavailable("the model has no convolution to dream with");
        }
        int steps = Math.max(2, ctx.size().synthesisSteps() / 6);
        Sample s = Sample.of(ctx, Math.min(3, ctx.size().samples()));
        DeepDream dream = new DeepDream(ctx.parallel());
        List<String> columns = new ArrayList<>(List.of("input"));
        layers.forEach(l -> columns.add("dream at " + l.layer()));
        Mosaic.Builder m = Mosaic.builder(1 + layers.size()).columnLabels(columns);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < s.size(); i++) {
            m.add(Tiles.picture(s.raw(), i, Tiles.SCALE), s.caption(ctx, i));
            for (ReportContext.FeatureMap fm : layers) {
                DreamConfig base = DreamConfig.of(fm.layer());
                DreamConfig config = new DreamConfig(fm.layer(), -1, 2, 1.4, steps, base.stepSize(), base.jitter(),
                        ctx.options().seed());
                DeepDream.Dream d = dream.dream(ctx.model(), s.normalized().item(i), config);
                Tensor picture = ctx.input().normalization().invert(d.image());
                var last = d.octaves().get(d.octaves().size() - 1);
                m.add(Tiles.picture(picture, 0, Tiles.SCALE), String.format(Locale.ROOT, "½‖a‖² %.0f→%.0f",
                        d.octaves().get(0).before(), last.after()));
                params.put("octaves", Integer.toString(config.octaves()));
                params.put("octave scale", Double.toString(config.octaveScale()));
                params.put("steps per octave", Integer.toString(config.stepsPerOctave()));
                params.put("step size", Double.toString(config.stepSize()));
                params.put("jitter", Integer.toString(config.jitter()));
            }
        }
        params.put("layers", String.join(", ", layers.stream().map(ReportContext.FeatureMap::layer).toList()));
        out.provenance(ctx.provenance("deepdream", params), Map.of());
        String src = ctx.figures().png("deepdream", m.build().render(),
                ReportContext.metadata(ctx.provenance("deepdream", params)));
        out.figures(new Figure(src, "Test images dreamed at each conv layer; above each dream, the layer's "
                + "objective before and after the ascent."));
    }
}
