package dev.loupe.cli;

import dev.loupe.data.DatasetLocator;
import dev.loupe.data.Split;
import dev.loupe.report.Report;
import dev.loupe.report.ReportInput;
import dev.loupe.report.ReportOptions;
import dev.loupe.report.ReportProgress;
import dev.loupe.report.ReportSize;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
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

    @Mixin
    ModelOptions model;

    @Mixin
    DataOptions data;

    @Option(names = {"--out", "-o"}, required = true, paramLabel = "DIR", description = "The report folder.")
    Path out;

    @Option(names = "--fast", description = "A quick report (under 2 minutes on 2 cores): fewer images and steps.")
    boolean fast;

    @Override
    public Integer call() {
        int threads = common.parallel().threads();
        LoadedModel m = model.load(common.seed());
        DatasetLocator.Located train = data.locate(Split.TRAIN);
        DatasetLocator.Located test = data.locate(Split.TEST);
        ReportInput input = ReportInput.of(m.model(), m.classNames(), m.normalization(), train.dataset(),
                test.dataset());
        ReportOptions options = new ReportOptions(out, fast ? ReportSize.fast() : ReportSize.full(), common.seed(),
                threads);
        long t0 = System.nanoTime();
        Path index = write(input, options);
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "report written to %s in %.1f s%n", index.toAbsolutePath(),
                (System.nanoTime() - t0) / 1e9);
        o.flush();
        return 0;
    }

    /** Writes the report with an overall progress bar on standard error. */
    static Path write(ReportInput input, ReportOptions options) {
        try (ProgressBar bar = ProgressBars.create("report", 1)) {
            ReportProgress progress = (done, total, message) -> {
                bar.maxHint(total);
                bar.stepTo(done);
                bar.setExtraMessage(" " + message);
            };
            return Report.write(input, options, progress);
        }
    }
}
