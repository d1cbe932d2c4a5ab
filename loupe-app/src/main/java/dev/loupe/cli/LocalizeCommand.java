package dev.loupe.cli;

import dev.loupe.LoupeException;
import dev.loupe.data.Dataset;
import dev.loupe.data.Split;
import dev.loupe.explain.Attribution;
import dev.loupe.explain.Explainer;
import dev.loupe.explain.MethodRegistry;
import dev.loupe.explain.Target;
import dev.loupe.explain.localization.BoundingBox;
import dev.loupe.explain.localization.Connectivity;
import dev.loupe.explain.localization.InkBox;
import dev.loupe.explain.localization.Localization;
import dev.loupe.explain.localization.LocalizationScore;
import dev.loupe.explain.localization.SaliencyLocalizer;
import dev.loupe.explain.localization.Threshold;
import dev.loupe.render.Heatmap;
import dev.loupe.render.HeatmapStyle;
import dev.loupe.render.ImageConversion;
import dev.loupe.render.Mosaic;
import dev.loupe.render.Png;
import dev.loupe.tensor.Tensor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code loupe localize}: object localization from a saliency map (Simonyan et al., 2014): threshold the map, keep
 * the largest connected component and box it. With {@code --eval}, the mean IoU with the ink boxes of the test
 * digits.
 */
@Command(name = "localize", mixinStandardHelpOptions = true,
        description = "Box the object from a saliency map; with --eval, the mean IoU with the digits' ink boxes.")
final class LocalizeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    DataOptions data;

    @Option(names = "--index", paramLabel = "N", defaultValue = "0", description = "Test image to localize "
            + "(default: ${DEFAULT-VALUE}).")
    int index;

    @Option(names = "--method", defaultValue = "saliency", description = "Attribution method (default: "
            + "${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--quantile", defaultValue = "0.7", description = "Keep pixels above this quantile of the map "
            + "(default: ${DEFAULT-VALUE}).")
    double quantile;

    @Option(names = "--smoothing", defaultValue = "1.0", description = "Gaussian blur of the map in pixels before "
            + "thresholding (default: ${DEFAULT-VALUE}).")
    double smoothing;

    @Option(names = "--eval", description = "Report the mean IoU with the ink boxes over the test images.")
    boolean eval;

    @Option(names = "--limit", paramLabel = "N", description = "With --eval, only the first N test images.")
    Integer limit;

    @Option(names = {"--out", "-o"}, paramLabel = "FILE.png", description = "Picture of the image, the map and the "
            + "box (not with --eval).")
    Path out;

    @Override
    public Integer call() {
        var parallel = common.parallel();
        if (!(quantile > 0 && quantile < 1)) {
            throw new LoupeException("--quantile must be between 0 and 1, got " + quantile);
        }
        LoadedModel m = modelOptions.load(common.seed());
        Dataset test = data.locate(Split.TEST).dataset();
        InputCheck.requireFits(m, test.channels(), test.height(), test.width(), test.name());
        Explainer explainer = MethodRegistry.defaults().create(method, Map.of());
        SaliencyLocalizer localizer = new SaliencyLocalizer(new Threshold.Quantile(quantile), Connectivity.EIGHT,
                smoothing);
        PrintWriter w = spec.commandLine().getOut();
        if (eval) {
            int n = limit == null ? test.size() : Math.min(limit, test.size());
            double sum = 0;
            try (ProgressBar bar = ProgressBars.create("localize", n)) {
                for (int from = 0; from < n; from += 256) {
                    int to = Math.min(n, from + 256);
                    Tensor pixels = test.images().slice(from, to);
                    Attribution a = explainer.explain(m.model(), m.normalization().apply(pixels), new Target.Predicted());
                    sum += LocalizationScore.evaluate(localizer, a.map(), pixels, 0.5).meanIoU() * (to - from);
                    bar.stepTo(to);
                }
            }
            w.printf("mean IoU with the ink boxes over %d test images (%s, quantile %.2f, smoothing %.1f): %.4f%n", n,
                    method, quantile, smoothing, sum / n);
            w.flush();
            return 0;
        }
        if (out == null) {
            throw new LoupeException("pass --out FILE.png to draw the box, or --eval to score the test set");
        }
        if (index < 0 || index >= test.size()) {
            throw new LoupeException("--index " + index + " is out of range: " + test.name() + " has " + test.size()
                    + " images");
        }
        Tensor pixels = test.image(index);
        Attribution a = explainer.explain(m.model(), m.normalization().apply(pixels), new Target.Predicted());
        Localization found = localizer.localize(a.map());
        BoundingBox ink = InkBox.of(pixels, 0.5);
        int scale = 8;
        BufferedImage boxed = ImageConversion.toRgb(dev.loupe.render.Upscale.nearest(ImageConversion.toImage(
                pixels.reshape(pixels.dim(1), pixels.dim(2), pixels.dim(3))), scale));
        draw(boxed, ink, scale, new Color(60, 200, 60));
        draw(boxed, found.box(), scale, new Color(230, 40, 40));
        BufferedImage figure = Mosaic.builder(3).title(method + " localization — " + test.name() + " #" + index)
                .add(dev.loupe.render.Upscale.nearest(Heatmap.render(a.map(), 0, HeatmapStyle.magnitude()), scale),
                        "saliency")
                .add(dev.loupe.render.Upscale.nearest(ImageConversion.toImage(found.mask().reshape(1,
                        pixels.dim(2), pixels.dim(3))), scale), "largest component")
                .add(boxed, String.format("red: found, green: ink (IoU %.2f)", found.box().iou(ink)))
                .build().render();
        Map<String, String> meta = new LinkedHashMap<>(Png.metadata(a.provenance()));
        meta.put("loupe.quantile", Double.toString(quantile));
        Png.write(figure, out, meta);
        w.printf("box rows %d..%d, columns %d..%d; IoU with the ink box %.4f%n", found.box().y0(), found.box().y1(),
                found.box().x0(), found.box().x1(), found.box().iou(ink));
        w.println("wrote " + out);
        w.flush();
        return 0;
    }

    private static void draw(BufferedImage image, BoundingBox box, int scale, Color color) {
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        g.drawRect(box.x0() * scale, box.y0() * scale, (box.x1() - box.x0()) * scale - 1,
                (box.y1() - box.y0()) * scale - 1);
        g.dispose();
    }
}
