package dev.loupe.cli;

import dev.loupe.explain.synthesis.DeepDream;
import dev.loupe.explain.synthesis.DreamConfig;
import dev.loupe.render.ImageConversion;
import dev.loupe.render.Mosaic;
import dev.loupe.render.Png;
import dev.loupe.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loupe dream}: DeepDream on one image, drawn next to the original. */
@Command(name = "dream", mixinStandardHelpOptions = true,
        description = "Amplify what a layer (or one of its channels) sees in an image (DeepDream).")
final class DreamCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    ImageOptions image;

    @Mixin
    DataOptions data;

    @Option(names = "--layer", required = true, paramLabel = "NAME", description = "A layer with spatial extent.")
    String layer;

    @Option(names = "--channel", defaultValue = "-1", paramLabel = "C",
            description = "One channel of the layer (default: all).")
    int channel;

    @Option(names = "--octaves", defaultValue = "3", description = "Scales (default: ${DEFAULT-VALUE}).")
    int octaves;

    @Option(names = "--octave-scale", defaultValue = "1.4",
            description = "Size ratio between octaves (default: ${DEFAULT-VALUE}).")
    double octaveScale;

    @Option(names = "--steps", defaultValue = "10", description = "Steps per octave (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--step-size", defaultValue = "0.05",
            description = "Normalised step size (default: ${DEFAULT-VALUE}).")
    double stepSize;

    @Option(names = "--jitter", defaultValue = "1", description = "Jitter in pixels (default: ${DEFAULT-VALUE}).")
    int jitter;

    @Option(names = {"--out", "-o"}, required = true, paramLabel = "FILE.png", description = "The picture to write.")
    Path out;

    @Override
    public Integer call() {
        common.parallel();
        LoadedModel m = modelOptions.load(common.seed());
        ImageOptions.Picked picked = image.pick(m, data);
        Tensor input = m.normalization().apply(picked.pixels());
        DreamConfig config = new DreamConfig(layer, channel, octaves, octaveScale, steps, stepSize, jitter,
                common.seed());
        DeepDream.Dream dream = new DeepDream().dream(m.model(), input, config);
        PrintWriter w = spec.commandLine().getOut();
        for (DeepDream.Octave o : dream.octaves()) {
            w.printf(Locale.ROOT, "octave %dx%d: ½‖a‖² %.4g → %.4g%n", o.height(), o.width(), o.before(), o.after());
        }
        Tensor pixels = m.normalization().invert(dream.image()).map(v -> Math.max(0, Math.min(1, v)));
        String what = layer + (channel >= 0 ? " channel " + channel : "");
        Mosaic mosaic = Mosaic.builder(2).title("DeepDream — " + what + " — " + picked.name())
                .scale(Math.max(1, 224 / m.model().inputShape()[2]))
                .add(ImageConversion.toImage(picked.pixels()), "input")
                .add(ImageConversion.toImage(pixels), "dream").build();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("loupe.method", "deepdream");
        meta.put("loupe.layer", what);
        meta.put("loupe.model", m.model().digest());
        Png.write(mosaic.render(), out, meta);
        w.println("wrote " + out);
        w.flush();
        return 0;
    }
}
