package dev.loupe.cli;

import dev.loupe.explain.Attribution;
import dev.loupe.explain.Target;
import dev.loupe.explain.perturbation.Fill;
import dev.loupe.explain.perturbation.Occlusion;
import dev.loupe.explain.perturbation.OcclusionConfig;
import dev.loupe.explain.perturbation.OcclusionStrip;
import dev.loupe.nn.Softmax;
import dev.loupe.render.ColorBar;
import dev.loupe.render.Colormap;
import dev.loupe.render.Heatmap;
import dev.loupe.render.HeatmapStyle;
import dev.loupe.render.ImageConversion;
import dev.loupe.render.Mosaic;
import dev.loupe.render.Png;
import dev.loupe.render.Upscale;
import dev.loupe.render.ValueRange;
import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code loupe occlude}: occlusion sensitivity of one image (Zeiler &amp; Fergus, 2014): the map of the true
 * class's probability with the occluder centred on each pixel, Captum's averaged logit drop, and a strip of
 * occluded images with the probability above each.
 */
@Command(name = "occlude", mixinStandardHelpOptions = true,
        description = "Occlusion sensitivity of one image: probability map, logit-drop map and a strip of occluded "
                + "images with their probabilities.")
final class OccludeCommand implements Callable<Integer> {
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

    @Option(names = "--window", defaultValue = "6", description = "Occluder size in pixels (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--stride", defaultValue = "2", description = "Step in pixels (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--fill", defaultValue = "0", description = "A value in [0, 1] pixel units, mean:V, blur[:SIGMA] "
            + "or noise[:SEED] (default: ${DEFAULT-VALUE}, black).")
    String fill;

    @Option(names = "--target", paramLabel = "C", description = "Class whose probability is shown (default: the "
            + "image's label, else the predicted class).")
    Integer target;

    @Option(names = "--strip", defaultValue = "6", description = "Occluded images in the strip (default: "
            + "${DEFAULT-VALUE}).")
    int strip;

    @Option(names = {"--out", "-o"}, required = true, paramLabel = "FILE.png", description = "The figure to write.")
    Path out;

    @Override
    public Integer call() {
        common.parallel();
        LoadedModel m = modelOptions.load(common.seed());
        ImageOptions.Picked picked = image.pick(m, data);
        Tensor input = m.normalization().apply(picked.pixels());
        int predicted = Softmax.of(m.model().predict(input)).argmax(0);
        int c = target != null ? target : picked.label() >= 0 ? picked.label() : predicted;
        Fill f = fillInModelUnits(Fill.parse(fill), m);
        Occlusion occlusion = new Occlusion(OcclusionConfig.of(window, stride, 0f).withFill(f));
        Target t = new Target.ClassIndex(c);
        Tensor probability = occlusion.probabilityMap(m.model(), input, t);
        Attribution drop = occlusion.explain(m.model(), input, t);
        OcclusionStrip s = occlusion.strip(m.model(), input, c, strip);

        int size = picked.pixels().dim(2);
        int scale = Math.max(1, 140 / size);
        Tensor big = Upscale.bilinear(probability, size, size);
        ValueRange unit = new ValueRange(0, 1);
        HeatmapStyle signed = HeatmapStyle.signed();
        String name = m.classNames().get(c);
        BufferedImage maps = Mosaic.builder(3).scale(scale)
                .add(gray(picked.pixels()), String.format("p(%s) = %.3f", name, s.original()))
                .add(Heatmap.colorize(Heatmap.plane(big, 0, dev.loupe.render.ChannelReduction.SUM), Colormap.JET,
                        unit), "p(" + name + "), occluder centred here")
                .add(Heatmap.render(drop.map(), 0, signed), "logit drop (Captum)")
                .footer(ColorBar.render(Colormap.JET, unit, 3 * size * scale))
                .build().render();
        Mosaic.Builder row = Mosaic.builder(s.images().size()).scale(scale)
                .title("occluded images, p(" + name + ") above each");
        for (int i = 0; i < s.images().size(); i++) {
            row.add(gray(m.normalization().invert(s.images().get(i))), String.format("%.3f", s.probabilities()[i]));
        }
        BufferedImage figure = Mosaic.builder(1).title("occlusion, window " + window + ", stride " + stride + " — "
                        + picked.name())
                .add(maps).add(row.build().render()).build().render();
        Map<String, String> meta = new LinkedHashMap<>(Png.metadata(drop.provenance()));
        meta.put("loupe.image", picked.name());
        meta.put("loupe.fill", fill);
        Png.write(figure, out, meta);
        PrintWriter w = spec.commandLine().getOut();
        w.printf("occlusion of %s for class %s: p = %.4f unoccluded, lowest %.4f%n", picked.name(), name, s.original(),
                probability.min());
        w.println("wrote " + out);
        w.flush();
        return 0;
    }

    /** A constant fill is given in pixel units ([0, 1]) on the command line; the model sees normalised values. */
    private static Fill fillInModelUnits(Fill f, LoadedModel m) {
        if (f instanceof Fill.Constant constant) {
            float v = (float) ((constant.value() - m.normalization().mean()[0]) / m.normalization().std()[0]);
            return new Fill.Constant(v);
        }
        return f;
    }

    private static BufferedImage gray(Tensor pixels) {
        return ImageConversion.toImage(pixels.reshape(pixels.dim(1), pixels.dim(2), pixels.dim(3)));
    }
}
