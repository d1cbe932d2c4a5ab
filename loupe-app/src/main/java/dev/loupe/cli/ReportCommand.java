package dev.loupe.cli;

import dev.loupe.LoupeException;
import dev.loupe.data.DatasetLocator;
import dev.loupe.data.KnownDatasets;
import dev.loupe.data.Normalization;
import dev.loupe.data.Split;
import dev.loupe.io.ModelFile;
import dev.loupe.io.SavedModel;
import dev.loupe.report.Report;
import dev.loupe.report.ReportInput;
import dev.loupe.report.ReportOptions;
import dev.loupe.report.ReportSize;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loupe report}: the HTML report of every visualization for one trained model. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a self-contained HTML report (index.html + figures) explaining a trained model.")
final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The trained model file.")
    Path model;

    @Option(names = "--data", paramLabel = "DIR", description = "Dataset folder (IDX files or an image folder); "
            + "default: the model's dataset from the cache or a system copy.")
    Path data;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset name (default: the one recorded in "
            + "the model file, else any found).")
    String dataset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The report folder.")
    Path out;

    @Option(names = "--fast", description = "A quick report (under 2 minutes on 2 cores): fewer images and steps.")
    boolean fast;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        int threads = common.parallel().threads();
        SavedModel saved = ModelFile.load(model);
        String name = datasetName(saved);
        DatasetLocator locator = DatasetLocator.fromEnvironment(data);
        DatasetLocator.Located train = locator.locate(name, Split.TRAIN);
        DatasetLocator.Located test = locator.locate(name, Split.TEST);
        err.println("data: " + train.describe());
        err.println("data: " + test.describe());
        List<String> classes = saved.classNames().isEmpty() ? test.dataset().classNames() : saved.classNames();
        Normalization normalization = normalization(saved.provenance(), train);
        err.println("input normalization: " + normalization);
        ReportInput input = ReportInput.of(saved.model(), classes, normalization, train.dataset(), test.dataset());
        ReportOptions options = new ReportOptions(out, fast ? ReportSize.fast() : ReportSize.full(), common.seed(),
                threads);
        long t0 = System.nanoTime();
        Path index;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("report").setInitialMax(1)
                .setStyle(ProgressBarStyle.ASCII).build()) {
            index = Report.write(input, options, (done, total, message) -> {
                bar.maxHint(total);
                bar.stepTo(done);
                bar.setExtraMessage(message);
            });
        }
        err.flush();
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "report written to %s in %.1f s%n", index.toAbsolutePath(),
                (System.nanoTime() - t0) / 1e9);
        o.flush();
        return 0;
    }

    /** The dataset named on the command line, else the one in the model's provenance if Loupe knows it. */
    private String datasetName(SavedModel saved) {
        if (dataset != null) {
            return dataset;
        }
        String recorded = saved.provenance().getOrDefault("dataset", "");
        String family = recorded.contains("/") ? recorded.substring(0, recorded.indexOf('/')) : recorded;
        return KnownDatasets.names().contains(family) ? family : "auto";
    }

    /**
     * The model's input standardisation: {@code normalization.mean} and {@code normalization.std} from the model
     * file (comma-separated per channel) when present, else the constants of MNIST or Fashion-MNIST for those
     * datasets, else computed from the training images.
     */
    static Normalization normalization(Map<String, String> provenance, DatasetLocator.Located train) {
        String mean = provenance.get("normalization.mean");
        String std = provenance.get("normalization.std");
        if (mean != null && std != null) {
            try {
                return new Normalization(parse(mean), parse(std));
            } catch (IllegalArgumentException e) {
                throw new LoupeException("the model file's normalization is unreadable: mean '" + mean + "', std '"
                        + std + "'");
            }
        }
        String family = train.family().map(f -> f.name()).orElse("");
        if (family.equals(KnownDatasets.MNIST.name())) {
            return Normalization.MNIST;
        }
        if (family.equals(KnownDatasets.FASHION_MNIST.name())) {
            return Normalization.FASHION_MNIST;
        }
        return Normalization.compute(train.dataset());
    }

    private static double[] parse(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
    }
}
