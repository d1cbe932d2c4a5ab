package dev.loupe.cli;

import dev.loupe.LoupeException;
import dev.loupe.data.Dataset;
import dev.loupe.features.Box;
import dev.loupe.features.Correspondence;
import dev.loupe.features.FeatureLayers;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loupe correspondence}: Zeiler &amp; Fergus's Table 7 for a box masked in every image. */
@Command(name = "correspondence", mixinStandardHelpOptions = true,
        description = "Mask the same box in every image and random boxes of its size, and print per layer the "
                + "sign-change score of the feature changes (Zeiler & Fergus, Sec. 5.1, Table 7; lower = more "
                + "consistent).")
final class CorrespondenceCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    FeatureData data;

    @Option(names = "--box", required = true, split = ",", paramLabel = "TOP,LEFT,H,W", description = "The masked box.")
    List<Integer> box;

    @Option(names = "--images", defaultValue = "5", description = "Images, the first of the range "
            + "(default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--layer", split = ",", paramLabel = "NAME", description = "Layers (default: every activation).")
    List<String> layers;

    @Option(names = "--trials", defaultValue = "10", description = "Random-box trials (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--fill", defaultValue = "0", description = "Mask value in [0, 1] (default: ${DEFAULT-VALUE}).")
    float fill;

    @Override
    public Integer call() {
        var parallel = common.parallel();
        if (box.size() != 4) {
            throw new LoupeException("--box needs TOP,LEFT,HEIGHT,WIDTH, got " + box);
        }
        Box b = new Box(box.get(0), box.get(1), box.get(2), box.get(3));
        LoadedModel m = modelOptions.load(common.seed());
        List<String> chosen = layers == null ? FeatureLayers.activations(m.model()) : layers;
        FeatureLayers.require(m.model(), chosen);
        Dataset d = data.images();
        if (images < 2 || images > d.size()) {
            throw new LoupeException("--images must be between 2 and " + d.size() + ", got " + images);
        }
        List<Correspondence.Row> rows = Correspondence.measure(m.model(), d.images().slice(0, images),
                m.normalization()::apply, b, chosen, trials, common.seed(), fill, parallel);
        PrintWriter w = spec.commandLine().getOut();
        w.printf("%-12s %14s %22s%n", "layer", "masked box", "random boxes");
        for (Correspondence.Row r : rows) {
            w.printf("%-12s %14.4f %14.4f ± %.4f%n", r.layer(), r.masked().normalised(), r.random().normalised(),
                    r.randomStd());
        }
        w.println("(mean fraction of sign changes over ordered image pairs: Δ / (N(N−1)·elements))");
        w.flush();
        return 0;
    }
}
