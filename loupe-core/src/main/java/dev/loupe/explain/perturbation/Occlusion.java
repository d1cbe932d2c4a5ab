package dev.loupe.explain.perturbation;

import dev.loupe.LoupeException;
import dev.loupe.explain.Attribution;
import dev.loupe.explain.Explainer;
import dev.loupe.explain.Provenance;
import dev.loupe.explain.Target;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Model;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Occlusion sensitivity (Zeiler &amp; Fergus, "Visualizing and Understanding Convolutional Networks", ECCV 2014,
 * Sec. 4.2): slide an occluder over the image and watch the target's score.
 *
 * <p>{@link #explain} follows Captum's {@code Occlusion}: the window moves by the stride over the placements that fit
 * entirely inside the image, each placement records {@link OcclusionOutput} (by default the drop of the target
 * logit, original minus occluded), and every pixel gets the sum of the values of the placements covering it divided
 * by their number (0 where none covers it). The map has the input's shape {@code [N, C, H, W]}; the extra
 * {@code position_map [N, PC, PH, PW]} holds the value of each placement. {@link #probabilityMap} gives Zeiler &amp;
 * Fergus's map (the target probability with the occluder centred on each pixel) and {@link #strip} the occluded
 * images of their figure. All occluded images are evaluated by an {@link OccludedEvaluator}, in batches and
 * incrementally.
 */
public final class Occlusion implements Explainer {
    /** The registry name. */
    public static final String NAME = "occlusion";

    private final OcclusionConfig config;
    private final Parallel parallel;

    /** Occlusion with these settings on the process-default threads (as they are when it runs). */
    public Occlusion(OcclusionConfig config) {
        this(config, null);
    }

    /** Occlusion with these settings on the given threads; null means the process default at run time. */
    public Occlusion(OcclusionConfig config, Parallel parallel) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        this.parallel = parallel;
    }

    private Parallel threads() {
        return parallel != null ? parallel : Parallel.defaults();
    }

    /** The settings. */
    public OcclusionConfig config() {
        return config;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The placements of a {@code window} moved by {@code stride} over a {@code [C, H, W]} image that fit entirely
     * inside it, in channel, row, column order.
     *
     * @throws LoupeException when the window is larger than the image
     */
    public static List<Window> slidingWindows(int[] imageShape, Extent window, Extent stride) {
        int c = imageShape[0], h = imageShape[1], w = imageShape[2];
        int wc = window.channelsFor(c), sc = stride.channelsFor(c);
        if (wc > c || window.rows() > h || window.cols() > w) {
            throw new LoupeException("occlusion window " + window + " is larger than the image " + c + "x" + h + "x"
                    + w);
        }
        List<Window> out = new ArrayList<>();
        for (int ci = 0; ci <= (c - wc) / sc; ci++) {
            for (int yi = 0; yi <= (h - window.rows()) / stride.rows(); yi++) {
                for (int xi = 0; xi <= (w - window.cols()) / stride.cols(); xi++) {
                    int c0 = ci * sc, y0 = yi * stride.rows(), x0 = xi * stride.cols();
                    out.add(new Window(c0, c0 + wc, y0, y0 + window.rows(), x0, x0 + window.cols()));
                }
            }
        }
        return out;
    }

    /**
     * Placements centred on every {@code stride}-th pixel (rows {@code 0, s, 2s, …}), clipped to the image, each over
     * all channels; the window spans rows {@code y − ⌊rows/2⌋ … y − ⌊rows/2⌋ + rows − 1}.
     *
     * @throws LoupeException when the window is larger than the image
     */
    public static List<Window> centredWindows(int[] imageShape, Extent window, Extent stride) {
        int c = imageShape[0], h = imageShape[1], w = imageShape[2];
        if (window.rows() > h || window.cols() > w) {
            throw new LoupeException("occlusion window " + window + " is larger than the image " + c + "x" + h + "x"
                    + w);
        }
        List<Window> out = new ArrayList<>();
        for (int y = 0; y < h; y += stride.rows()) {
            for (int x = 0; x < w; x += stride.cols()) {
                int y0 = y - window.rows() / 2, x0 = x - window.cols() / 2;
                out.add(new Window(0, c, Math.max(0, y0), Math.min(h, y0 + window.rows()), Math.max(0, x0),
                        Math.min(w, x0 + window.cols())));
            }
        }
        return out;
    }

    /** The per-placement outcome of one evaluation: target logits and probabilities, original and occluded. */
    private record Scores(int[] classes, double[] originalLogit, double[] originalProbability, double[][] logit,
                          double[][] probability) {
    }

    private Scores evaluate(Model model, Tensor input, Target target, List<Window> windows) {
        Parallel parallel = threads();
        Trace base = model.forward(input, ForwardOptions.inference(parallel));
        int[] classes = Target.classesOf(target, base.output().reshape(input.dim(0), -1));
        Tensor fill = config.fill().replacement(input);
        Tensor occluded = new OccludedEvaluator(model, parallel, config.batchSize(), config.incremental())
                .evaluate(base, fill, windows);
        int n = input.dim(0), p = windows.size(), k = model.outputSize();
        double[] origLogit = new double[n], origProb = new double[n];
        double[][] logit = new double[n][p], prob = new double[n][p];
        float[] orig = base.output().data(), occ = occluded.data();
        for (int i = 0; i < n; i++) {
            origLogit[i] = orig[i * k + classes[i]];
            origProb[i] = probability(orig, i * k, k, classes[i]);
            for (int j = 0; j < p; j++) {
                int row = (i * p + j) * k;
                logit[i][j] = occ[row + classes[i]];
                prob[i][j] = probability(occ, row, k, classes[i]);
            }
        }
        return new Scores(classes, origLogit, origProb, logit, prob);
    }

    private static double probability(float[] logits, int off, int k, int cls) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, logits[off + j]);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            sum += Math.exp(logits[off + j] - max);
        }
        return Math.exp(logits[off + cls] - max) / sum;
    }

    /**
     * Captum-style occlusion of every image of {@code input [N, C, H, W]} for a class target.
     *
     * @throws LoupeException for a window larger than the image or a target that is not a class
     */
    @Override
    public Attribution explain(Model model, Tensor input, Target target) {
        int[] shape = model.inputShape();
        List<Window> windows = slidingWindows(shape, config.window(), config.stride());
        Scores s = evaluate(model, input, target, windows);
        int n = input.dim(0), c = shape[0], h = shape[1], w = shape[2], per = c * h * w;
        Tensor map = Tensor.zeros(input.shape());
        float[] md = map.data();
        int[] count = new int[per];
        for (Window win : windows) {
            forEachPixel(win, h, w, at -> count[at]++);
        }
        double[] sums = new double[per];
        int pc = (c - config.window().channelsFor(c)) / config.stride().channelsFor(c) + 1;
        int ph = (h - config.window().rows()) / config.stride().rows() + 1;
        int pw = (w - config.window().cols()) / config.stride().cols() + 1;
        Tensor positions = Tensor.zeros(n, pc, ph, pw);
        double[] recorded = new double[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(sums, 0);
            for (int j = 0; j < windows.size(); j++) {
                double v = config.output().value(s.originalLogit[i], s.logit[i][j], s.originalProbability[i],
                        s.probability[i][j]);
                positions.data()[i * windows.size() + j] = (float) v;
                forEachPixel(windows.get(j), h, w, at -> sums[at] += v);
            }
            for (int at = 0; at < per; at++) {
                md[i * per + at] = count[at] == 0 ? 0f : (float) (sums[at] / count[at]);
            }
            recorded[i] = config.output() == OcclusionOutput.DROP ? s.originalLogit[i] : s.originalProbability[i];
        }
        return new Attribution(map, target, recorded, provenance(model), Map.of("position_map", positions));
    }

    /**
     * Zeiler &amp; Fergus's map: for each image, the probability of the target class with the occluder centred on
     * pixel {@code (y·s, x·s)}, as {@code [N, 1, ⌈H/s⌉, ⌈W/s⌉]} (the full image size for stride 1).
     */
    public Tensor probabilityMap(Model model, Tensor input, Target target) {
        int[] shape = model.inputShape();
        List<Window> windows = centredWindows(shape, config.window(), config.stride());
        Scores s = evaluate(model, input, target, windows);
        int n = input.dim(0);
        int rows = (shape[1] + config.stride().rows() - 1) / config.stride().rows();
        int cols = (shape[2] + config.stride().cols() - 1) / config.stride().cols();
        Tensor map = Tensor.zeros(n, 1, rows, cols);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < windows.size(); j++) {
                map.data()[i * windows.size() + j] = (float) s.probability[i][j];
            }
        }
        return map;
    }

    /**
     * The occluded copies of one image {@code [1, C, H, W]} for the given placements and the probability of
     * {@code trueClass} for each (Zeiler &amp; Fergus, Fig. 7).
     */
    public OcclusionStrip strip(Model model, Tensor image, int trueClass, List<Window> windows) {
        if (image.dim(0) != 1) {
            throw new LoupeException("an occlusion strip is made for one image, got a batch of " + image.dim(0));
        }
        Scores s = evaluate(model, image, new Target.ClassIndex(trueClass), windows);
        Tensor fill = config.fill().replacement(image);
        int[] shape = model.inputShape();
        int h = shape[1], w = shape[2];
        List<Tensor> images = new ArrayList<>();
        for (Window win : windows) {
            Tensor occluded = image.copy();
            forEachPixel(win, h, w, at -> occluded.data()[at] = fill.data()[at]);
            images.add(occluded);
        }
        return new OcclusionStrip(trueClass, windows, images, s.probability[0], s.originalProbability[0]);
    }

    /**
     * A strip of {@code count} placements of the configured window, evenly spread (in placement order) over the
     * sliding positions.
     */
    public OcclusionStrip strip(Model model, Tensor image, int trueClass, int count) {
        List<Window> all = slidingWindows(model.inputShape(), config.window(), config.stride());
        if (count < 1) {
            throw new LoupeException("an occlusion strip needs at least one image, got " + count);
        }
        List<Window> chosen = new ArrayList<>();
        int m = Math.min(count, all.size());
        for (int j = 0; j < m; j++) {
            chosen.add(all.get(m == 1 ? all.size() / 2 : (int) ((long) j * (all.size() - 1) / (m - 1))));
        }
        return strip(model, image, trueClass, chosen);
    }

    private static void forEachPixel(Window win, int h, int w, java.util.function.IntConsumer body) {
        for (int c = win.c0(); c < win.c1(); c++) {
            for (int y = win.y0(); y < win.y1(); y++) {
                for (int x = win.x0(); x < win.x1(); x++) {
                    body.accept((c * h + y) * w + x);
                }
            }
        }
    }

    private Provenance provenance(Model model) {
        Map<String, String> p = new TreeMap<>();
        p.put("window", config.window().toString());
        p.put("stride", config.stride().toString());
        p.put("fill", config.fill().describe());
        p.put("output", config.output().key());
        long seed = config.fill() instanceof Fill.Noise noise ? noise.seed() : 0;
        return new Provenance(NAME, p, seed, model.digest());
    }
}
