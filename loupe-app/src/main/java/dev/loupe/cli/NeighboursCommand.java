package dev.loupe.cli;

import dev.loupe.LoupeException;
import dev.loupe.data.Dataset;
import dev.loupe.data.Split;
import dev.loupe.embedding.LayerFeatures;
import dev.loupe.embedding.NearestNeighbours;
import dev.loupe.render.ImageConversion;
import dev.loupe.render.Mosaic;
import dev.loupe.render.Png;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import dev.loupe.io.AtomicFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code loupe neighbours}: for test images, their k nearest training images in a layer's feature space (exact
 * L2, batched through GEMM), as a grid: query first, then its neighbours, nearest first.
 */
@Command(name = "neighbours", aliases = "neighbors", mixinStandardHelpOptions = true,
        description = "Grid of the k nearest training images of test images in feature space (exact L2).")
final class NeighboursCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    DataOptions data;

    @Option(names = "--layer", paramLabel = "NAME", description = "Feature layer (default: the penultimate one).")
    String layer;

    @Option(names = "--query", split = ",", defaultValue = "0,1,2,3,4", paramLabel = "I[,I...]",
            description = "Test images to query (default: ${DEFAULT-VALUE}).")
    List<Integer> queries;

    @Option(names = "-k", defaultValue = "8", description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--limit", paramLabel = "N", description = "Search only the first N training images.")
    Integer limit;

    @Option(names = {"--out", "-o"}, required = true, paramLabel = "GRID.png", description = "The grid picture; "
            + "a CSV of the indices and distances is written next to it.")
    Path out;

    @Override
    public Integer call() throws IOException {
        Parallel parallel = common.parallel();
        LoadedModel m = modelOptions.load(common.seed());
        Dataset train = data.locate(Split.TRAIN).dataset();
        Dataset test = data.locate(Split.TEST).dataset();
        if (limit != null) {
            train = IndexRange.parse("0:" + limit).of(train);
        }
        InputCheck.requireFits(m, train.channels(), train.height(), train.width(), train.name());
        if (k < 1 || k > train.size()) {
            throw new LoupeException("-k " + k + " must be between 1 and " + train.size() + " (the training images)");
        }
        for (int q : queries) {
            if (q < 0 || q >= test.size()) {
                throw new LoupeException("--query " + q + " is out of range: " + test.name() + " has " + test.size()
                        + " images");
            }
        }
        String name = layer != null ? layer : LayerFeatures.penultimate(m.model());
        m.model().indexOf(name);
        Tensor trainFeatures;
        try (ProgressBar bar = ProgressBars.create("features " + name, train.size())) {
            trainFeatures = LayerFeatures.extract(m.model(), name, m.normalization().apply(train.images()), 256,
                    parallel, bar::stepTo);
        }
        int[] q = queries.stream().mapToInt(Integer::intValue).toArray();
        Tensor queryFeatures = LayerFeatures.extract(m.model(), name, m.normalization().apply(test.batch(q)), 256,
                parallel, done -> { });
        NearestNeighbours.Result nn = NearestNeighbours.search(queryFeatures, trainFeatures, k, false, parallel);

        Mosaic.Builder grid = Mosaic.builder(k + 1).scale(3)
                .title("nearest training images in " + name + " (L2), nearest first");
        List<String> rows = new ArrayList<>();
        StringBuilder csv = new StringBuilder("query,rank,train_index,train_label,squared_distance\n");
        for (int r = 0; r < q.length; r++) {
            grid.add(ImageConversion.toImage(test.image(q[r]).reshape(test.channels(), test.height(), test.width())),
                    "query: " + m.classNames().get(test.label(q[r])));
            rows.add("#" + q[r]);
            for (int j = 0; j < k; j++) {
                int t = nn.indices()[r][j];
                grid.add(ImageConversion.toImage(train.image(t).reshape(train.channels(), train.height(),
                        train.width())), String.format("%s d=%.1f", m.classNames().get(train.label(t)),
                        Math.sqrt(nn.squaredDistances()[r][j])));
                csv.append(q[r]).append(',').append(j + 1).append(',').append(t).append(',')
                        .append(train.label(t)).append(',').append(nn.squaredDistances()[r][j]).append('\n');
            }
        }
        Png.write(grid.rowLabels(rows).build().render(), out, Map.of("loupe.layer", name, "loupe.k",
                Integer.toString(k), "loupe.model", m.model().digest()));
        Path csvFile = out.resolveSibling(out.getFileName().toString().replaceAll("\\.png$", "") + ".csv");
        AtomicFile.write(csvFile, csv.toString().getBytes(StandardCharsets.UTF_8));
        PrintWriter w = spec.commandLine().getOut();
        w.println("wrote " + out + " and " + csvFile);
        w.flush();
        return 0;
    }
}
