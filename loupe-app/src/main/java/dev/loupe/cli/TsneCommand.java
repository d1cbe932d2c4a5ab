package dev.loupe.cli;

import dev.loupe.LoupeException;
import dev.loupe.data.Dataset;
import dev.loupe.data.Split;
import dev.loupe.embedding.KnnPreservation;
import dev.loupe.embedding.LayerFeatures;
import dev.loupe.embedding.Tsne;
import dev.loupe.embedding.TsneConfig;
import dev.loupe.io.AtomicFile;
import dev.loupe.io.Npy;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code loupe tsne}: a Barnes–Hut t-SNE of a layer's features over a dataset, or of a plain matrix, written as
 * {@code x,y} rows so it can be compared with other t-SNE tools on the same numbers.
 */
@Command(name = "tsne", mixinStandardHelpOptions = true,
        description = "t-SNE of a layer's features (default: the penultimate layer) or of a matrix (.npy or CSV).")
final class TsneCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = {"--model", "-m"}, paramLabel = "FILE|ARCH", description = "Embed this model's features.")
        String model;

        @Option(names = "--input", paramLabel = "X.npy|X.csv", description = "Embed the rows of a float32 [n, d] "
                + ".npy file or of a CSV of numbers.")
        Path input;
    }

    @Mixin
    DataOptions data;

    @Option(names = "--layer", paramLabel = "NAME", description = "Layer whose output is embedded (default: the "
            + "input of the last dense layer).")
    String layer;

    @Option(names = "--split", defaultValue = "test", description = "Dataset split (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N images.")
    Integer limit;

    @Option(names = "--perplexity", defaultValue = "30", description = "Perplexity (default: ${DEFAULT-VALUE}).")
    double perplexity;

    @Option(names = "--iterations", defaultValue = "1000", description = "Iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--theta", defaultValue = "0.5", description = "Barnes-Hut angle; 0 is exact (default: "
            + "${DEFAULT-VALUE}).")
    double theta;

    @Option(names = "--quality", description = "Also print the 10-NN preservation of the embedding.")
    boolean quality;

    @Option(names = {"--out", "-o"}, required = true, paramLabel = "Y.csv", description = "Coordinates, one x,y row "
            + "per point.")
    Path out;

    @Override
    public Integer call() throws IOException {
        Parallel parallel = common.parallel();
        if (iterations < 1) {
            throw new LoupeException("--iterations must be positive, got " + iterations);
        }
        Tensor x = source.input != null ? readMatrix(source.input) : features(parallel);
        TsneConfig config = new TsneConfig(perplexity, iterations, 12, Math.min(250, iterations), Double.NaN, theta,
                true, common.seed());
        long start = System.nanoTime();
        long[] affinitiesDone = {start};
        Tsne.Result result;
        try (ProgressBar bar = ProgressBars.create("t-SNE", iterations)) {
            result = new Tsne(config, parallel).fit(x, (phase, done, total, kl) -> {
                if (phase.equals("affinities") && done == total) {
                    affinitiesDone[0] = System.nanoTime();
                }
                if (phase.equals("optimise")) {
                    bar.stepTo(done);
                    bar.setExtraMessage(String.format(" KL %.3f", kl));
                } else {
                    bar.setExtraMessage(" nearest neighbours and affinities");
                }
            });
        }
        long end = System.nanoTime();
        writeCsv(result.embedding());
        PrintWriter w = spec.commandLine().getOut();
        w.printf("t-SNE of %d points (%d dimensions) in %.1f s on %d threads (affinities %.1f s, optimisation %.1f s),"
                        + " KL %.4f%n", x.dim(0), x.dim(1), (end - start) / 1e9, parallel.threads(),
                (affinitiesDone[0] - start) / 1e9, (end - affinitiesDone[0]) / 1e9, result.klDivergence());
        if (quality) {
            w.printf("10-NN preservation: %.4f%n", KnnPreservation.of(x, result.embedding(), 10, parallel));
        }
        w.println("wrote " + out);
        w.flush();
        return 0;
    }

    private Tensor features(Parallel parallel) {
        LoadedModel m = ModelOptions.load(source.model, common.seed());
        Dataset d = data.locate(Split.parse(split)).dataset();
        if (limit != null) {
            if (limit < 4 || limit > d.size()) {
                throw new LoupeException("--limit " + limit + " must be between 4 and " + d.size());
            }
            d = d.subset(0, limit);
        }
        InputCheck.requireFits(m, d.channels(), d.height(), d.width(), d.name());
        String name = layer != null ? layer : LayerFeatures.penultimate(m.model());
        m.model().indexOf(name);
        Tensor images = m.normalization().apply(d.images());
        try (ProgressBar bar = ProgressBars.create("features " + name, d.size())) {
            return LayerFeatures.extract(m.model(), name, images, 256, parallel, bar::stepTo);
        }
    }

    /** Reads a float32 {@code .npy} matrix or a CSV of numbers (a non-numeric first line is taken as a header). */
    static Tensor readMatrix(Path file) throws IOException {
        if (file.toString().endsWith(".npy")) {
            Tensor t = Npy.read(file);
            if (t.rank() != 2) {
                throw new LoupeException(file + ": expected a [n, d] matrix, got " + t.shapeString());
            }
            return t;
        }
        if (!Files.isRegularFile(file)) {
            throw new LoupeException(file + ": no such file");
        }
        List<float[]> rows = new ArrayList<>();
        int line = 0;
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            String[] cells = text.split("[,;\\s]+");
            float[] row = new float[cells.length];
            try {
                for (int j = 0; j < cells.length; j++) {
                    row[j] = Float.parseFloat(cells[j].trim());
                }
            } catch (NumberFormatException e) {
                if (rows.isEmpty() && line == 1) {
                    continue;
                }
                throw new LoupeException(file + ":" + line + ": not a number in '" + text.strip() + "'");
            }
            if (!rows.isEmpty() && row.length != rows.get(0).length) {
                throw new LoupeException(file + ":" + line + ": " + row.length + " columns, the first row has "
                        + rows.get(0).length);
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new LoupeException(file + ": no rows");
        }
        int d = rows.get(0).length;
        Tensor t = Tensor.zeros(rows.size(), d);
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, t.data(), i * d, d);
        }
        return t;
    }

    private void writeCsv(Tensor y) throws IOException {
        StringBuilder b = new StringBuilder("x,y\n");
        for (int i = 0; i < y.dim(0); i++) {
            b.append(y.data()[2 * i]).append(',').append(y.data()[2 * i + 1]).append('\n');
        }
        AtomicFile.write(out, b.toString().getBytes(StandardCharsets.UTF_8));
    }
}
