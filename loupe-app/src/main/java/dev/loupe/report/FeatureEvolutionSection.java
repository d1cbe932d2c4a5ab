package dev.loupe.report;

import dev.loupe.data.Dataset;
import dev.loupe.features.ActivationProjection;
import dev.loupe.features.FeatureEvolution;
import dev.loupe.features.FeatureFigures;
import dev.loupe.features.Snapshot;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import dev.loupe.train.Trainer;
import dev.loupe.train.TrainingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Zeiler &amp; Fergus (2014), "Visualizing and Understanding Convolutional Networks", figure 4: the projection of
 * each unit's strongest activation after the first and after the last training epoch, for the first two conv layers.
 * Uses the training snapshots of the input; without them, a short seeded run of the same architecture.
 */
final class FeatureEvolutionSection implements Section {
    @Override
    public String id() {
        return "evolution";
    }

    @Override
    public String title() {
        return "Feature evolution during training";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("Zeiler & Fergus (2014, figure 4) follow each unit through training: at every snapshot, the "
                + "training image that activates the unit most is found and that single activation is projected "
                + "back to pixels with the DeconvNet. Lower layers settle within the first epoch; higher layers keep "
                + "changing for longer. Columns are snapshots, rows are units.");
        List<ReportContext.FeatureMap> maps = ctx.featureMaps();
        if (maps.isEmpty()) {
            throw new SectionUnavailable("the model has no convolution");
        }
        List<Snapshot> snapshots = snapshots(ctx, out);
        Dataset images = ctx.input().train().subset(0, Math.min(ctx.input().train().size(),
                Math.min(ctx.size().searchImages(), 5000)));
        ActivationProjection projection = ActivationProjection.deconvNet(ctx.input().normalization()::apply,
                ctx.parallel());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("snapshots", String.join(", ", snapshots.stream().map(Snapshot::label).toList()));
        params.put("images searched", images.size() + " (" + images.name() + ")");
        params.put("projection", "DeconvNet from the strongest single activation");
        out.provenance(ctx.provenance("feature-evolution", params), Map.of());
        List<Figure> figures = new ArrayList<>();
        for (ReportContext.FeatureMap fm : maps.subList(0, Math.min(2, maps.size()))) {
            FeatureEvolution.Grid grid = FeatureEvolution.strongest(snapshots, images, fm.layer(), projection, 256,
                    (d, t) -> { });
            int units = Math.min(grid.cells().get(0).size(), 2 * ctx.size().unitsPerLayer());
            grid = new FeatureEvolution.Grid(grid.layer(), grid.labels(), grid.cells().stream()
                    .map(c -> c.subList(0, units)).toList());
            int patch = grid.cells().get(0).get(0).projections().get(0).dim(2);
            String src = ctx.figures().png("evolution-" + fm.layer(), FeatureFigures.evolution(grid,
                    Math.max(2, 36 / Math.max(1, patch))), ReportContext.metadata(ctx.provenance("feature-evolution",
                    params)));
            figures.add(new Figure(src, fm.layer() + ": the first " + units + " units, one per row."));
        }
        out.figures(figures);
    }

    /** The first and the last snapshot of the input, or of a short training run made here. */
    private static List<Snapshot> snapshots(ReportContext ctx, SectionContent out) {
        Map<String, Model> given = ctx.input().history().snapshots();
        List<Map.Entry<String, Model>> entries = new ArrayList<>(given.entrySet());
        if (entries.size() >= 2) {
            Map.Entry<String, Model> a = entries.get(0), b = entries.get(entries.size() - 1);
            return List.of(new Snapshot(a.getKey(), a.getValue()), new Snapshot(b.getKey(), b.getValue()));
        }
        Model model = ctx.model();
        if (!Architectures.NAMES.contains(model.architecture())) {
            throw new SectionUnavailable("no training snapshots were given and " + model.architecture()
                    + " is not a built-in architecture the report could retrain");
        }
        int n = Math.min(ctx.input().train().size(), ctx.size().trainingImages());
        int epochs = ctx.size().trainingEpochs();
        Dataset train = ctx.input().train().subset(0, n);
        Model initial = Architectures.create(model.architecture(), model.inputShape(), model.outputSize(),
                ctx.options().seed());
        TrainingRecorder recorder = TrainingRecorder.atEpochs(1);
        new Trainer(TrainingConfig.sgd(epochs, 64, 0.01, 0.9, ctx.options().seed(), ctx.options().threads()),
                List.of(recorder)).train(initial, ctx.normalize(train.images()), train.labels());
        out.note("Fewer than two training snapshots came with the model, so this section trained a fresh "
                + model.architecture() + " itself (" + n + " training images, " + epochs + " epochs, SGD lr 0.01 "
                + "momentum 0.9, seed " + ctx.options().seed() + "). Its features show how training shapes units, "
                + "but they are not the reported model's units.");
        List<Map.Entry<String, Model>> own = new ArrayList<>(recorder.history().snapshots().entrySet());
        Map.Entry<String, Model> a = own.get(0), b = own.get(own.size() - 1);
        return List.of(new Snapshot(a.getKey(), a.getValue()), new Snapshot(b.getKey(), b.getValue()));
    }
}
