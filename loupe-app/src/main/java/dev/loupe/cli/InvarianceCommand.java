package dev.loupe.cli;

import dev.loupe.LoupeException;
import dev.loupe.data.Dataset;
import dev.loupe.features.FeatureLayers;
import dev.loupe.features.Invariance;
import dev.loupe.features.InvarianceCurves;
import dev.loupe.features.InvarianceSweep;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loupe invariance}: feature distances and class probability under a transformation sweep. */
@Command(name = "invariance", mixinStandardHelpOptions = true,
        description = "Translate, rotate or scale sample images over a range and measure the normalised feature "
                + "distance at the first and the top layer and the true class's probability (Zeiler & Fergus, Fig. 5).")
final class InvarianceCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    FeatureData data;

    @Option(names = "--transform", required = true, paramLabel = "KIND",
            description = "translation (vertical, pixels), rotation (degrees) or scale (factor).")
    String transform;

    @Option(names = "--from", required = true, description = "First value.")
    double from;

    @Option(names = "--to", required = true, description = "Last value.")
    double to;

    @Option(names = "--step", required = true, description = "Step between values.")
    double step;

    @Option(names = "--images", defaultValue = "5", description = "Sample images, the first of the range "
            + "(default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--first-layer", paramLabel = "NAME", description = "Default: the first activation.")
    String firstLayer;

    @Option(names = "--top-layer", paramLabel = "NAME", description = "Default: the classifier's input.")
    String topLayer;

    @Option(names = "--fill", defaultValue = "0", description = "Background value in [0, 1] (default: ${DEFAULT-VALUE}).")
    float fill;

    @Option(names = "--csv", required = true, paramLabel = "FILE.csv", description = "Where to write the curves.")
    Path csv;

    @Override
    public Integer call() {
        var parallel = common.parallel();
        InvarianceSweep.Transformation kind;
        try {
            kind = InvarianceSweep.Transformation.valueOf(transform.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LoupeException("unknown transformation '" + transform + "'; choose translation, rotation or scale");
        }
        InvarianceSweep sweep = InvarianceSweep.range(kind, from, to, step);
        LoadedModel m = modelOptions.load(common.seed());
        Dataset d = data.images();
        if (images < 1 || images > d.size()) {
            throw new LoupeException("--images must be between 1 and " + d.size() + ", got " + images);
        }
        int[] idx = java.util.stream.IntStream.range(0, images).toArray();
        List<String> acts = FeatureLayers.activations(m.model());
        String first = firstLayer != null ? firstLayer : acts.isEmpty() ? m.model().nodeNames().get(0) : acts.get(0);
        String top = topLayer != null ? topLayer : FeatureLayers.topFeatureLayer(m.model());
        InvarianceCurves c = Invariance.measure(m.model(), d, idx, m.normalization()::apply, sweep, first, top, fill,
                parallel);
        c.writeCsv(csv);
        PrintWriter w = spec.commandLine().getOut();
        w.printf("%-10s %12s %12s %12s%n", kind.unit(), "d(" + first + ")", "d(" + top + ")", "p(true)");
        double[] values = sweep.values();
        for (int v = 0; v < values.length; v++) {
            w.printf("%-10s %12.4f %12.4f %12.4f%n", values[v], InvarianceCurves.mean(c.firstDistance(), v),
                    InvarianceCurves.mean(c.topDistance(), v), InvarianceCurves.mean(c.probability(), v));
        }
        w.println("wrote " + csv);
        w.flush();
        return 0;
    }
}
