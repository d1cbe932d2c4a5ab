package dev.loupe.cli;

import dev.loupe.data.Dataset;
import dev.loupe.data.DatasetLocator;
import dev.loupe.data.Split;
import dev.loupe.io.ModelFile;
import dev.loupe.nn.Model;
import dev.loupe.report.ReportInput;
import dev.loupe.report.ReportOptions;
import dev.loupe.report.ReportSize;
import dev.loupe.report.TrainingHistory;
import dev.loupe.report.TrainingRecorder;
import dev.loupe.train.Evaluation;
import dev.loupe.train.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code loupe demo}: the one command that shows the seed work. It trains {@code seednet} on the default dataset
 * (or reuses a cached model trained with the same settings), evaluates it and writes the report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train seednet on the default dataset (or reuse the cached one), evaluate it and write the "
                + "report; prints the path of its index.html.")
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    DataOptions data;

    @Option(names = "--model", paramLabel = "FILE", description = "Use this model file instead of training one.")
    Path model;

    @Option(names = "--fast", description = "A quick demo: fewer epochs, images and steps (under 2 minutes on 2 "
            + "cores).")
    boolean fast;

    @Option(names = "--epochs", description = "Training epochs (default: 5, or 1 with --fast).")
    Integer epochs;

    @Option(names = {"--out", "-o"}, defaultValue = "loupe-report", description = "Report folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        int threads = common.parallel().threads();
        PrintWriter w = spec.commandLine().getOut();
        DatasetLocator.Located train = data.locate(Split.TRAIN);
        Dataset test = data.locate(Split.TEST).dataset();
        DemoModel demo = model != null ? fromFile(model) : trainedOrCached(train, test, threads);
        LoadedModel m = demo.model();
        Dataset testNorm = new Dataset(m.normalization().apply(test.images()), test.labels(), test.classNames(),
                test.name());
        Evaluation evaluation = Evaluation.of(m.model(), testNorm, 256, common.parallel());
        w.println("model: " + m.source());
        w.println(evaluation.format());
        w.flush();
        ReportInput input = ReportInput.of(m.model(), m.classNames(), m.normalization(), train.dataset(), test)
                .withHistory(demo.history());
        Path index = ReportCommand.write(input, new ReportOptions(out, fast ? ReportSize.fast() : ReportSize.full(),
                common.seed(), threads));
        w.println("report: " + index.toAbsolutePath());
        w.flush();
        return 0;
    }

    /** A model for the demo and what is known of its training (snapshots, per-epoch loss and accuracy). */
    private record DemoModel(LoadedModel model, TrainingHistory history) {
    }

    private DemoModel fromFile(Path file) {
        return new DemoModel(ModelOptions.load(file.toString(), common.seed()), TrainingHistory.none());
    }

    /** Trains seednet, or reuses the cached model trained with the same dataset, epochs, size and seed. */
    private DemoModel trainedOrCached(DatasetLocator.Located train, Dataset test, int threads) {
        int e = epochs != null ? epochs : fast ? 2 : 5;
        Dataset trainData = fast ? train.dataset().subset(0, Math.min(12_000, train.dataset().size()))
                : train.dataset();
        String key = String.format("seednet-%s-n%d-e%d-s%d.loupe", train.dataset().name().replace('/', '-'),
                trainData.size(), e, common.seed());
        Path cached = cacheDirectory().resolve(key);
        if (Files.isRegularFile(cached)) {
            System.err.println("demo: reusing the cached model " + cached);
            Map<String, Model> snapshots = new LinkedHashMap<>();
            for (int epoch = 1; epoch <= e; epoch++) {
                Path file = snapshotFile(cached, epoch);
                if (Files.isRegularFile(file)) {
                    snapshots.put("epoch " + epoch, ModelFile.load(file).model());
                }
            }
            return new DemoModel(ModelOptions.load(cached.toString(), common.seed()),
                    new TrainingHistory(snapshots, List.of()));
        }
        System.err.printf("demo: training seednet on %s (%d images, %d epochs, seed %d)%n", train.dataset().name(),
                trainData.size(), e, common.seed());
        TrainingConfig config = TrainingConfig.sgd(e, 64, 0.01, 0.9, common.seed(), threads);
        DatasetLocator.Located part = new DatasetLocator.Located(trainData, train.source(), train.location(),
                train.family());
        TrainingRecorder recorder = TrainingRecorder.atEpochs(1);
        TrainingRun.Outcome outcome = TrainingRun.run("seednet", part, test, config, List.of(recorder), null);
        TrainingHistory history = recorder.history();
        for (Map.Entry<String, Model> snapshot : history.snapshots().entrySet()) {
            int epoch = Integer.parseInt(snapshot.getKey().replaceAll("\\D+", ""));
            ModelFile.save(snapshotFile(cached, epoch), snapshot.getValue(), outcome.model().provenance(),
                    outcome.model().classNames());
        }
        // the model last, so a cache hit always finds its snapshots
        ModelFile.save(cached, outcome.model().model(), outcome.model().provenance(), outcome.model().classNames());
        return new DemoModel(outcome.model(), history);
    }

    private static Path snapshotFile(Path model, int epoch) {
        return model.resolveSibling(model.getFileName().toString().replace(".loupe", ".epoch-" + epoch + ".loupe"));
    }

    static Path cacheDirectory() {
        String home = System.getProperty("loupe.home", System.getenv("LOUPE_HOME"));
        return home != null && !home.isBlank() ? Path.of(home, "models")
                : Path.of(System.getProperty("user.home"), ".cache", "loupe", "models");
    }
}
