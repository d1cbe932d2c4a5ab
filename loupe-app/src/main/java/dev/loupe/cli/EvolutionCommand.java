package dev.loupe.cli;

import dev.loupe.LoupeException;
import dev.loupe.data.Dataset;
import dev.loupe.explain.propagation.ReLUOverride;
import dev.loupe.features.ActivationProjection;
import dev.loupe.features.FeatureEvolution;
import dev.loupe.features.FeatureFigures;
import dev.loupe.features.Snapshot;
import dev.loupe.render.Png;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loupe evolution}: how a layer's features form over training snapshots. */
@Command(name = "evolution", mixinStandardHelpOptions = true,
        description = "For each training snapshot and each unit of a layer, project the strongest activation over "
                + "the chosen images to pixel space with DeconvNet: snapshots across, units down (Zeiler & Fergus, "
                + "Fig. 4).")
final class EvolutionCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    FeatureData data;

    @Option(names = "--snapshot", required = true, paramLabel = "LABEL=FILE",
            description = "A snapshot model file and its label, e.g. 'epoch 1=m.epoch1.loupe'; repeatable, in order.")
    Map<String, String> snapshots = new LinkedHashMap<>();

    @Option(names = "--layer", required = true, paramLabel = "NAME", description = "The layer.")
    String layer;

    @Option(names = {"--out", "-o"}, required = true, paramLabel = "FILE.png", description = "The grid to write.")
    Path out;

    @Option(names = "--base-image", paramLabel = "I", description = "Also write FILE-maps.png: the feature maps of "
            + "image I of the range at every snapshot.")
    Integer baseImage;

    @Override
    public Integer call() {
        var parallel = common.parallel();
        if (snapshots.isEmpty()) {
            throw new LoupeException("give at least one --snapshot LABEL=FILE");
        }
        List<Snapshot> list = new ArrayList<>();
        LoadedModel first = null;
        for (Map.Entry<String, String> e : snapshots.entrySet()) {
            LoadedModel m = ModelOptions.load(e.getValue(), common.seed());
            first = first == null ? m : first;
            list.add(new Snapshot(e.getKey(), m.model()));
        }
        Dataset d = data.images();
        ActivationProjection projection = new ActivationProjection(ReLUOverride.DECONVNET,
                first.normalization()::apply, parallel);
        FeatureEvolution.Grid grid;
        try (ProgressBar bar = ProgressBars.create("evolution", (long) d.size() * list.size())) {
            grid = FeatureEvolution.strongest(list, d, layer, projection, 256, (done, total) -> bar.stepTo(done));
        }
        Png.write(FeatureFigures.evolution(grid, 3), out);
        PrintWriter w = spec.commandLine().getOut();
        w.println("wrote " + out);
        if (baseImage != null) {
            if (baseImage < 0 || baseImage >= d.size()) {
                throw new LoupeException("--base-image " + baseImage + " is outside the " + d.size() + " images");
            }
            FeatureEvolution.FeatureMaps maps = FeatureEvolution.featureMaps(list, d.image(baseImage), layer,
                    first.normalization()::apply, parallel);
            String name = out.getFileName().toString().replaceFirst("\\.png$", "") + "-maps.png";
            Path file = out.resolveSibling(name);
            Png.write(FeatureFigures.featureMaps(maps, 3), file);
            w.println("wrote " + file);
        }
        w.flush();
        return 0;
    }
}
