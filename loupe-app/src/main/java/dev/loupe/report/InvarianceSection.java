package dev.loupe.report;

import dev.loupe.features.FeatureLayers;
import dev.loupe.features.Invariance;
import dev.loupe.features.InvarianceCurves;
import dev.loupe.features.InvarianceSweep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Zeiler &amp; Fergus (2014), "Visualizing and Understanding Convolutional Networks", figure 5: how far the feature
 * vectors of the first and the top feature layer move, and how the probability of the true class changes, as sample
 * images are translated, rotated and scaled.
 */
final class InvarianceSection implements Section {
    @Override
    public String id() {
        return "invariance";
    }

    @Override
    public String title() {
        return "Invariance to translation, rotation and scale";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("Zeiler & Fergus (2014, figure 5) transform a few images step by step and plot, per image, the "
                + "distance between the features of the original and the transformed image (divided by the norm of "
                + "the original's features) at the first layer and at the top feature layer, and the probability of "
                + "the true class. Small changes in the first layer mean little; the top layer and the probability "
                + "show whether the network's decision is invariant to the transformation.");
        List<ReportContext.FeatureMap> maps = ctx.featureMaps();
        if (maps.isEmpty()) {
            throw new SectionUnavailable("the model has no convolution");
        }
        String first = maps.get(0).layer();
        String top = FeatureLayers.topFeatureLayer(ctx.model());
        boolean full = ctx.size().name().equals("full");
        List<InvarianceSweep> sweeps = List.of(
                InvarianceSweep.range(InvarianceSweep.Transformation.TRANSLATION, -8, 8, full ? 1 : 2),
                InvarianceSweep.range(InvarianceSweep.Transformation.ROTATION, -90, 90, full ? 10 : 22.5),
                InvarianceSweep.range(InvarianceSweep.Transformation.SCALE, 0.5, 1.5, full ? 0.05 : 0.125));
        Sample s = Sample.of(ctx, Math.max(2, ctx.size().samples()));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("first layer", first);
        params.put("top feature layer", top);
        params.put("images", java.util.Arrays.toString(s.indices()) + " (test set)");
        params.put("background fill", "0 (black)");
        for (InvarianceSweep sweep : sweeps) {
            double[] v = sweep.values();
            params.put(sweep.transformation().id(), v[0] + " to " + v[v.length - 1] + " "
                    + sweep.transformation().unit() + " in " + v.length + " steps");
        }
        out.provenance(ctx.provenance("invariance", params), Map.of());
        for (InvarianceSweep sweep : sweeps) {
            InvarianceCurves c = Invariance.measure(ctx.model(), ctx.input().test(), s.indices(),
                    ctx.input().normalization()::apply, sweep, first, top, 0f, ctx.parallel());
            String id = sweep.transformation().id();
            String csv = ctx.figures().reserve("invariance-" + id, "csv");
            c.writeCsv(ctx.figures().root().resolve(csv));
            String x = id + " (" + sweep.transformation().unit() + ")";
            List<Figure> figures = new ArrayList<>();
            figures.add(chart(ctx, s, c, "invariance-" + id + "-first", first + " distance", x, "normalised distance",
                    c.firstDistance(), csv));
            figures.add(chart(ctx, s, c, "invariance-" + id + "-top", top + " distance", x, "normalised distance",
                    c.topDistance(), csv));
            figures.add(chart(ctx, s, c, "invariance-" + id + "-probability", "p(true class)", x, "probability",
                    c.probability(), csv));
            out.figures(figures);
        }
    }

    private static Figure chart(ReportContext ctx, Sample s, InvarianceCurves c, String name, String title,
                                String xTitle, String yTitle, double[][] curves, String csv) {
        double[] x = c.sweep().values();
        List<Charts.Line> lines = new ArrayList<>();
        for (int i = 0; i < curves.length; i++) {
            lines.add(new Charts.Line("#" + s.indices()[i] + " " + ctx.className(s.labels()[i]), x, curves[i]));
        }
        return ctx.figures().chart(name, Charts.lines(title, xTitle, yTitle, lines, 300, 360), "",
                List.of(new Figure.Link("CSV", csv)));
    }
}
