package dev.loupe.report;

import dev.loupe.LoupeException;
import dev.loupe.io.AtomicFile;
import dev.loupe.train.Evaluation;
import dev.loupe.data.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the HTML report: {@code index.html} and its figures in one folder that opens without a network.
 *
 * <pre>{@code
 * Path index = Report.write(ReportInput.of(model, classes, Normalization.MNIST, train, test)
 *                 .withHistory(recorder.history()),
 *         new ReportOptions(Path.of("report"), ReportSize.fast(), 42, 2), ReportProgress.NONE);
 * }</pre>
 */
public final class Report {
    private Report() {
    }

    /**
     * Runs every section of {@link Sections#all()} and writes the report.
     *
     * @return the path of {@code index.html}
     * @throws LoupeException when the folder cannot be written
     */
    public static Path write(ReportInput input, ReportOptions options, ReportProgress progress) {
        return write(input, options, progress, Sections.all());
    }

    /** Writes a report made of the given sections only, in that order. */
    public static Path write(ReportInput input, ReportOptions options, ReportProgress progress,
                             List<Section> sections) {
        long start = System.nanoTime();
        Path out = options.outDir();
        clearFigures(out);
        FigureStore store = new FigureStore(out);
        ReportContext context = new ReportContext(input, options, store);
        int total = sections.size() + 1;
        progress.update(0, total, "evaluating the model");
        Map<String, String> facts = facts(context);
        List<HtmlPage.RenderedSection> rendered = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            Section section = sections.get(i);
            progress.update(i + 1, total, section.title());
            rendered.add(run(section, context));
        }
        facts.put("report time", String.format(Locale.ROOT, "%.1f s (%s size, %d thread%s)",
                (System.nanoTime() - start) / 1e9, options.size().name(), options.threads(),
                options.threads() == 1 ? "" : "s"));
        String title = "Inside " + input.model().architecture() + " on " + datasetFamily(input.test());
        Path index = out.resolve("index.html");
        try {
            AtomicFile.write(index, HtmlPage.render(title, facts, rendered).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LoupeException("cannot write " + index + ": " + e.getMessage(), e);
        }
        progress.update(total, total, "done");
        return index;
    }

    private static HtmlPage.RenderedSection run(Section section, ReportContext context) {
        SectionContent content = new SectionContent();
        long t0 = System.nanoTime();
        String unavailable = null;
        try {
            section.build(context, content);
        } catch (SectionUnavailable e) {
            unavailable = e.getMessage();
        } catch (LoupeException e) {
            unavailable = "the section failed: " + e.getMessage();
        } catch (RuntimeException e) {
            // one broken experiment must not cost the reader the other sections; the page names the error
            unavailable = "the section failed with an internal error: " + e;
        }
        return new HtmlPage.RenderedSection(section.id(), section.title(), content, unavailable,
                (System.nanoTime() - t0) / 1e9);
    }

    private static Map<String, String> facts(ReportContext context) {
        ReportInput in = context.input();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("model", in.model().architecture() + ", " + String.format(Locale.ROOT, "%,d", in.model()
                .parameterCount()) + " parameters, input " + Arrays.toString(in.model().inputShape()));
        facts.put("model digest", context.digest());
        facts.put("classes", String.join(", ", in.classNames()));
        facts.put("training data", in.train().name() + " (" + in.train().size() + " images)");
        facts.put("test data", in.test().name() + " (" + in.test().size() + " images)");
        facts.put("input normalization", "mean " + Arrays.toString(in.normalization().mean()) + ", std "
                + Arrays.toString(in.normalization().std()));
        int n = Math.min(in.test().size(), context.size().evaluationImages());
        Dataset eval = in.test().subset(0, n);
        Evaluation e = Evaluation.of(in.model(), context.normalize(eval.images()), eval.labels(), in.classNames(),
                256, context.parallel());
        facts.put("test accuracy", String.format(Locale.ROOT, "%.2f%% (%d/%d)", 100 * e.accuracy(), e.correct(),
                e.total()));
        facts.put("seed", Long.toString(context.options().seed()));
        facts.put("generated", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        return facts;
    }

    private static String datasetFamily(Dataset d) {
        String name = d.name();
        int slash = name.indexOf('/');
        return slash > 0 ? name.substring(0, slash) : name;
    }

    /** Removes the figures of an earlier report in the same folder (only PNG, SVG and CSV files of img/). */
    private static void clearFigures(Path out) {
        Path img = out.resolve(FigureStore.FOLDER);
        if (!Files.isDirectory(img)) {
            return;
        }
        try (Stream<Path> files = Files.list(img)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && (name.endsWith(".png") || name.endsWith(".svg")
                        || name.endsWith(".csv"))) {
                    Files.delete(f);
                }
            }
        } catch (IOException e) {
            throw new LoupeException("cannot clear the old figures in " + img + ": " + e.getMessage(), e);
        }
    }
}
