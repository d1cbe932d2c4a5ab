package dev.loupe.report;

import dev.loupe.explain.Attribution;
import dev.loupe.explain.Explainer;
import dev.loupe.explain.Target;
import dev.loupe.render.ColorBar;
import dev.loupe.render.Colormap;
import dev.loupe.render.HeatmapStyle;
import dev.loupe.render.Mosaic;
import dev.loupe.render.ValueRange;
import dev.loupe.nn.Node;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bach et al. (2015), "On Pixel-Wise Explanations for Non-Linear Classifier Decisions by Layer-Wise Relevance
 * Propagation": the relevance of the predicted class at every layer under LRP-0 and LRP-ε, then the composites of
 * Montavon et al. (2019) and Zennit on the same images.
 */
final class LrpSection implements Section {
    /** The ε of the comparison with LRP-0. */
    static final double EPSILON = 1.0;
    private static final List<String> COMPOSITES = List.of("lrp.epsilon-plus", "lrp.epsilon-plus-flat",
            "lrp.epsilon-gamma-box", "lrp.epsilon-alpha2-beta1");

    @Override
    public String id() {
        return "lrp";
    }

    @Override
    public String title() {
        return "Layer-wise relevance propagation";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("LRP (Bach et al., 2015) redistributes the predicted class's score backwards, layer by layer, "
                + "so that the relevance of each layer sums to the score. The naive rule LRP-0 passes relevance in "
                + "proportion to each input's contribution z_ij = a_i w_ij; with many small, cancelling contributions "
                + "it becomes noisy. LRP-ε adds ε to the denominators, absorbing weak or contradictory contributions "
                + "and giving sparser, less noisy maps. Red is positive relevance (evidence for the class), blue "
                + "negative. Each row shows the relevance summed over channels at every spatial layer, from the "
                + "deepest conv layer back to the input.");
        ReportContext.requireMethods("lrp.zero", "lrp.epsilon");
        Sample s = Sample.of(ctx, ctx.size().samples());
        Target target = new Target.PerImage(s.predicted());
        Explainer zero = ctx.explainer("lrp.zero", Map.of());
        Explainer eps = ctx.explainer("lrp.epsilon", Map.of("epsilon", Double.toString(EPSILON)));
        Attribution a0 = zero.explain(ctx.model(), s.normalized(), target);
        Attribution ae = eps.explain(ctx.model(), s.normalized(), target);
        out.provenance(a0.provenance(), Map.of("target", "the predicted class"));
        out.provenance(ae.provenance(), Map.of("target", "the predicted class"));
        List<String> layers = spatialLayers(ctx, ae);
        HeatmapStyle style = HeatmapStyle.signed().withPercentile(99.5);
        List<Figure> figures = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            Mosaic.Builder m = Mosaic.builder(2 + layers.size()).rowLabels(List.of("LRP-0", "LRP-ε=" + EPSILON))
                    .title("Image #" + s.indices()[i] + ": relevance of \"" + ctx.className(s.predicted(i))
                            + "\" at every layer");
            for (Attribution a : List.of(a0, ae)) {
                m.add(Tiles.picture(s.raw(), i, Tiles.SCALE), s.caption(ctx, i));
                for (int l = layers.size() - 1; l >= 0; l--) {
                    m.add(AttributionGrid.tile(a.extra("relevance:" + layers.get(l)), i, style), layers.get(l));
                }
                m.add(AttributionGrid.tile(a.map(), i, style), "input");
            }
            m.footer(ColorBar.render(Colormap.BWR, new ValueRange(-1, 1), 260));
            String src = ctx.figures().png("lrp-layers-" + i, m.build().render(),
                    ReportContext.metadata(ae.provenance()));
            figures.add(new Figure(src, "Relevance per layer, each map scaled to its own 99.5th percentile of |value|."));
        }
        out.figures(figures);
        List<String> composites = COMPOSITES.stream().filter(ReportContext::hasMethod).toList();
        if (composites.isEmpty()) {
            out.note("No LRP composite is registered in this build.");
            return;
        }
        out.paragraph("Composites assign a rule per layer kind (Montavon et al., 2019; Zennit): z⁺ or γ on "
                + "convolutions to favour positive evidence, ε on dense layers, and a bounded z^B (or flat) rule at "
                + "the first layer, which sees pixels rather than activations. The z^B bounds below are the model's "
                + "lowest and highest standardised pixel values.");
        List<Attribution> results = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String c : composites) {
            Attribution a = ctx.explainer(c, params(ctx, c)).explain(ctx.model(), s.normalized(), target);
            out.provenance(a.provenance(), Map.of("target", "the predicted class"));
            results.add(a);
            names.add(c.substring("lrp.".length()));
        }
        List<HeatmapStyle> styles = results.stream().map(r -> style).toList();
        String src = ctx.figures().png("lrp-composites", AttributionGrid.render(ctx, s, "LRP composites", names,
                results, styles), ReportContext.metadata(results.get(0).provenance()));
        out.figures(new Figure(src, "Input relevance of the predicted class under each composite; each map scaled to "
                + "its own largest |value|."));
    }

    /** The layers whose relevance is a spatial map, in model order. */
    private static List<String> spatialLayers(ReportContext ctx, Attribution a) {
        List<String> out = new ArrayList<>();
        for (Node n : ctx.model().nodes()) {
            Tensor r = a.extra("relevance:" + n.name());
            if (r != null && r.rank() == 4 && r.dim(2) > 1) {
                out.add(n.name());
            }
        }
        return out;
    }

    /** Composite parameters; z^B bounds from the model's input normalisation. */
    static Map<String, String> params(ReportContext ctx, String method) {
        Map<String, String> p = new LinkedHashMap<>();
        if (method.equals("lrp.epsilon-gamma-box")) {
            double[] mean = ctx.input().normalization().mean(), std = ctx.input().normalization().std();
            double[] low = new double[mean.length], high = new double[mean.length];
            for (int c = 0; c < mean.length; c++) {
                low[c] = (0 - mean[c]) / std[c];
                high[c] = (1 - mean[c]) / std[c];
            }
            p.put("low", join(low));
            p.put("high", join(high));
        }
        return p;
    }

    private static String join(double[] v) {
        return Arrays.stream(v).mapToObj(Double::toString).collect(Collectors.joining(","));
    }
}
