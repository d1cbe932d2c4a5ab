package dev.loupe.report;

import dev.loupe.data.Dataset;
import dev.loupe.render.Mosaic;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The model at a glance: its layers, sample predictions with probabilities, and the training curves. */
final class OverviewSection implements Section {
    @Override
    public String id() {
        return "overview";
    }

    @Override
    public String title() {
        return "Model, predictions and training";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("The network under study and what it predicts. Every later section explains this model; its "
                + "digest identifies the exact weights in each figure's provenance.");
        out.parameters("Layers", layers(ctx));
        Dataset test = ctx.input().test();
        int n = Math.min(test.size(), 16);
        Tensor raw = test.subset(0, n).images();
        Tensor p = ctx.probabilities(raw);
        Mosaic.Builder m = Mosaic.builder(8).title("First test images: prediction and its probability").scale(3);
        int k = p.dim(1);
        for (int i = 0; i < n; i++) {
            int pred = p.argmax(i);
            String mark = pred == test.label(i) ? "" : " ✗";
            m.add(Tiles.picture(raw, i, 1), String.format(Locale.ROOT, "%s p=%.2f%s", ctx.className(pred),
                    p.data()[i * k + pred], mark));
        }
        String src = ctx.figures().png("overview-predictions", m.build().render(),
                ReportContext.metadata(ctx.provenance("predict", Map.of("images", Integer.toString(n)))));
        out.figures(new Figure(src, "Predicted class and softmax probability above each image; ✗ marks a mistake."));
        List<EpochStats> epochs = ctx.input().history().epochs();
        if (epochs.isEmpty()) {
            out.note("No training history was given with the model, so there are no training curves.");
            return;
        }
        double[] x = new double[epochs.size()], loss = new double[x.length], acc = new double[x.length];
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            EpochStats e = epochs.get(i);
            x[i] = e.epoch();
            loss[i] = e.loss();
            acc[i] = e.accuracy();
            rows.add(List.of(Integer.toString(e.epoch()), fmt(e.loss()), fmt(e.accuracy())));
        }
        String csv = ctx.figures().csv("training-curves", List.of("epoch", "loss", "accuracy"), rows);
        Figure lossChart = ctx.figures().chart("training-loss", Charts.lines("Training loss", "epoch",
                "cross-entropy", List.of(new Charts.Line("loss", x, loss)), 480, 320),
                "Mean training cross-entropy per epoch.", List.of(new Figure.Link("CSV", csv)));
        Figure accChart = ctx.figures().chart("training-accuracy", Charts.lines("Training accuracy", "epoch",
                "accuracy", List.of(new Charts.Line("accuracy", x, acc)), 480, 320),
                "Training accuracy per epoch (running, in training mode).", List.of(new Figure.Link("CSV", csv)));
        out.figures(lossChart, accChart);
    }

    private static Map<String, String> layers(ReportContext ctx) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        var model = ctx.model();
        for (var node : model.nodes()) {
            m.put(node.name(), node.layer().describe() + " → " + java.util.Arrays.toString(model.shapeOf(node.name())));
        }
        return m;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.5f", v);
    }
}
