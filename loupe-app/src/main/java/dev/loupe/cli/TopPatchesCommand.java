package dev.loupe.cli;

import dev.loupe.LoupeException;
import dev.loupe.data.Dataset;
import dev.loupe.explain.propagation.ReLUOverride;
import dev.loupe.features.ActivationProjection;
import dev.loupe.features.FeatureFigures;
import dev.loupe.features.FeatureLayers;
import dev.loupe.features.StrongActivation;
import dev.loupe.features.TopActivationSearch;
import dev.loupe.features.TopActivations;
import dev.loupe.features.TopPatches;
import dev.loupe.features.UnitPatches;
import dev.loupe.render.Png;
import dev.loupe.tensor.Parallel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loupe top-patches}: Zeiler &amp; Fergus's top-k patches and DeconvNet projections for every unit. */
@Command(name = "top-patches", mixinStandardHelpOptions = true,
        description = "For every unit of the chosen layers, find its k strongest activations over a dataset and draw "
                + "their DeconvNet projections beside the image patches (Zeiler & Fergus, Fig. 2).")
final class TopPatchesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    FeatureData data;

    @Option(names = "--layer", split = ",", paramLabel = "NAME",
            description = "Layers to study (default: every convolution).")
    List<String> layers;

    @Option(names = "-k", defaultValue = "9", description = "Activations per unit (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--units", split = ",", paramLabel = "U", description = "Only these units (default: all).")
    List<Integer> units;

    @Option(names = "--batch", defaultValue = "256", description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = {"--out", "-o"}, required = true, paramLabel = "PREFIX",
            description = "Writes PREFIX-<layer>.png per layer.")
    String out;

    @Override
    public Integer call() {
        Parallel parallel = common.parallel();
        LoadedModel m = modelOptions.load(common.seed());
        List<String> chosen = layers == null ? FeatureLayers.convolutions(m.model()) : layers;
        if (chosen.isEmpty()) {
            throw new LoupeException("model " + m.source() + " has no convolution; choose --layer from: "
                    + String.join(", ", m.model().nodeNames()));
        }
        FeatureLayers.require(m.model(), chosen);
        if (units != null) {
            for (String layer : chosen) {
                for (int u : units) {
                    FeatureLayers.requireUnit(m.model(), layer, u);
                }
            }
        }
        Dataset d = data.images();
        TopActivations top;
        try (ProgressBar bar = ProgressBars.create("top-" + k, d.size())) {
            top = new TopActivationSearch(chosen, k, batch).run(m.model(), d, m.normalization()::apply, parallel,
                    (done, total) -> bar.stepTo(done));
        }
        ActivationProjection projection = new ActivationProjection(ReLUOverride.DECONVNET, m.normalization()::apply,
                parallel);
        PrintWriter w = spec.commandLine().getOut();
        for (String layer : top.layers()) {
            List<Integer> which = new ArrayList<>();
            for (int u = 0; u < top.units(layer); u++) {
                if (units == null || units.contains(u)) {
                    which.add(u);
                }
            }
            List<UnitPatches> panels = new ArrayList<>();
            for (int u : which) {
                panels.add(TopPatches.of(m.model(), d, top, layer, u, projection));
                StrongActivation best = top.of(layer, u).get(0);
                w.printf("%s unit %d: strongest %.4f on image %d at (%d, %d)%n", layer, u, best.value(),
                        best.image(), best.y(), best.x());
            }
            Path file = Path.of(out + "-" + layer.replace('/', '_') + ".png");
            Png.write(FeatureFigures.topPatches(panels, 4, 3), file);
            w.println("wrote " + file);
        }
        w.flush();
        return 0;
    }
}
