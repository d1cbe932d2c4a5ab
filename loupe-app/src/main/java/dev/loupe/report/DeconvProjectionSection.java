package dev.loupe.report;

import dev.loupe.explain.Attribution;
import dev.loupe.explain.Explainer;
import dev.loupe.explain.Target;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Trace;
import dev.loupe.render.ColorBar;
import dev.loupe.render.Colormap;
import dev.loupe.render.Heatmap;
import dev.loupe.render.HeatmapStyle;
import dev.loupe.render.Mosaic;
import dev.loupe.render.RangeMode;
import dev.loupe.render.ValueRange;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Zeiler &amp; Fergus (2014), "Visualizing and Understanding Convolutional Networks", figure 1 and section 2.1: each
 * conv layer's whole activation is projected back to pixel space by a DeconvNet (unpooling with the recorded
 * switches, rectification, transposed filters), next to the input and the feature maps themselves.
 */
final class DeconvProjectionSection implements Section {
    private static final String METHOD = "deconvnet";

    @Override
    public String id() {
        return "deconvnet";
    }

    @Override
    public String title() {
        return "DeconvNet projections of whole layers";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("A DeconvNet (Zeiler & Fergus, 2014) runs the network backwards from one layer: max-pooling is "
                + "undone with the switches recorded on the forward pass, ReLUs rectify the signal, and convolutions "
                + "apply their transposed filters. Seeding it with the whole activation of a layer (all feature maps "
                + "at once) shows which input structures that layer responds to. For each image: the input, then for "
                + "every conv layer its rectified feature maps (one small square per map, shared grey scale) and the "
                + "projection of all of them to pixel space.");
        List<ReportContext.FeatureMap> layers = ctx.featureMaps();
        if (layers.isEmpty()) {
            throw new SectionUnavailable("the model has no convolution to project");
        }
        Explainer deconv = ctx.explainer(METHOD, Map.of("seed", "activation"));
        Sample s = Sample.of(ctx, ctx.size().samples());
        Trace trace = ctx.model().forward(s.normalized(), ForwardOptions.inference(ctx.parallel()));
        List<Attribution> projections = new ArrayList<>();
        for (ReportContext.FeatureMap fm : layers) {
            projections.add(deconv.explain(ctx.model(), s.normalized(), Target.parse("layer:" + fm.layer())));
        }
        out.provenance(projections.get(0).provenance(), Map.of("target", "layer:<each feature layer>",
                "feature layers", String.join(", ", layers.stream().map(ReportContext.FeatureMap::layer).toList()),
                "test images", java.util.Arrays.toString(s.indices())));
        HeatmapStyle grey = new HeatmapStyle(Colormap.GRAY, RangeMode.ABS_MAX, 100,
                dev.loupe.render.ChannelReduction.SUM);
        HeatmapStyle signed = HeatmapStyle.signed().withPercentile(99.5);
        List<Figure> figures = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            Mosaic.Builder m = Mosaic.builder(1 + 2 * layers.size()).scale(1)
                    .title("Image #" + s.indices()[i] + " (" + ctx.className(s.labels()[i]) + ")");
            m.add(Tiles.picture(s.raw(), i, Tiles.SCALE), "input: " + s.caption(ctx, i));
            for (int l = 0; l < layers.size(); l++) {
                ReportContext.FeatureMap fm = layers.get(l);
                Tensor act = trace.activation(fm.layer()).item(i);
                ValueRange range = new ValueRange(0, Math.max(1e-6, act.max()));
                int columns = (int) Math.ceil(Math.sqrt(fm.channels() * 1.6));
                m.add(Tiles.channelGrid(act, 0, columns, Math.max(10, 150 / columns), grey, range),
                        fm.layer() + " maps (" + fm.channels() + ")");
                Tensor plane = Heatmap.plane(projections.get(l).map(), i, signed.reduction());
                ValueRange pr = Heatmap.range(plane, signed);
                m.add(Tiles.plane(plane, signed, pr, 28 * Tiles.SCALE), fm.layer() + " projection");
            }
            m.footer(ColorBar.render(Colormap.BWR, new ValueRange(-1, 1), 260));
            String src = ctx.figures().png("deconvnet-" + i, m.build().render(),
                    ReportContext.metadata(projections.get(0).provenance()));
            figures.add(new Figure(src, "Feature maps in grey (0 to the layer's maximum); projections in blue–white–"
                    + "red, each scaled to its own 99.5th percentile of |value| (the bar shows that relative scale)."));
        }
        out.figures(figures);
    }
}
