package dev.loupe.explain.synthesis;

import dev.loupe.LoupeException;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.RuleMap;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.ImageFilters;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * DeepDream (Mordvintsev, Olah &amp; Tyka, 2015): amplify whatever a layer (or one of its channels) already sees in
 * an image. The objective is {@code ½‖a‖²} of the layer, so its gradient at the layer is the activation itself.
 * The image is processed from the coarsest octave to the finest: at each octave the original image, resized
 * bilinearly, plus the detail dreamed so far (resized up) is improved by normalised gradient steps with jitter; only
 * the part of the graph up to the layer runs, so the octaves may have any size the convolutions accept.
 */
public final class DeepDream {
    private final Parallel parallel;

    /** On the process-default threads, as they are when it runs. */
    public DeepDream() {
        this.parallel = null;
    }

    /** On the given threads. */
    public DeepDream(Parallel parallel) {
        this.parallel = java.util.Objects.requireNonNull(parallel, "parallel");
    }

    private Parallel threads() {
        return parallel != null ? parallel : Parallel.defaults();
    }

    /**
     * One octave's record: its size and the layer's objective {@code ½‖a‖²} (of the channel, if one was chosen)
     * before and after its steps.
     */
    public record Octave(int height, int width, double before, double after) {
    }

    /**
     * The dreamed image and the octave records.
     *
     * @param image   {@code [1, C, H, W]}
     * @param octaves coarsest first
     */
    public record Dream(Tensor image, List<Octave> octaves) {
        public Dream {
            octaves = List.copyOf(octaves);
        }
    }

    /**
     * Dreams on {@code image [1, C, H, W]}.
     *
     * @throws LoupeException for an unknown layer, a layer without spatial extent, a bad channel, or an octave too
     *                        small for the layers before the chosen one
     */
    public Dream dream(Model model, Tensor image, DreamConfig config) {
        Parallel parallel = threads();
        int[] shape = model.shapeOf(config.layer());
        if (shape.length != 3) {
            throw new LoupeException("DeepDream needs a layer with spatial extent [C, H, W]; " + config.layer()
                    + " has shape " + Arrays.toString(shape));
        }
        if (config.channel() >= shape[0]) {
            throw new LoupeException("channel " + config.channel() + " is out of range for layer " + config.layer()
                    + " (0.." + (shape[0] - 1) + ")");
        }
        if (image.rank() != 4 || image.dim(0) != 1) {
            throw new LoupeException("DeepDream takes one image [1, C, H, W], got " + image.shapeString());
        }
        int h = image.dim(2), w = image.dim(3);
        Random random = new Random(config.seed());
        List<Octave> records = new ArrayList<>();
        Tensor detail = null;
        Tensor x = image;
        for (int k = config.octaves() - 1; k >= 0; k--) {
            double f = Math.pow(config.octaveScale(), k);
            int oh = Math.max(1, (int) Math.round(h / f)), ow = Math.max(1, (int) Math.round(w / f));
            Tensor base = k == 0 ? image.copy() : ImageFilters.resizeBilinear(image, oh, ow);
            x = detail == null ? base.copy() : base.plus(ImageFilters.resizeBilinear(detail, oh, ow));
            Model prefix = prefix(model, config.layer(), image.dim(1), oh, ow);
            double before = objective(prefix, x, config);
            for (int step = 0; step < config.stepsPerOctave(); step++) {
                int dy = config.jitter() == 0 ? 0 : random.nextInt(2 * config.jitter() + 1) - config.jitter();
                int dx = config.jitter() == 0 ? 0 : random.nextInt(2 * config.jitter() + 1) - config.jitter();
                Tensor in = ImageFilters.roll(x, dy, dx);
                Trace trace = prefix.forward(in, ForwardOptions.inference(parallel));
                Tensor seed = seed(trace.activation(config.layer()), config.channel());
                Tensor g = ImageFilters.roll(prefix.backward(trace, Map.of(config.layer(), seed), RuleMap.GRADIENT,
                        parallel).input(), -dy, -dx);
                double meanAbs = 0;
                for (float v : g.data()) {
                    meanAbs += Math.abs(v);
                }
                meanAbs /= g.size();
                x.addScaledInPlace(g, (float) (config.stepSize() / (meanAbs + 1e-8)));
            }
            records.add(new Octave(oh, ow, before, objective(prefix, x, config)));
            detail = x.minus(base);
        }
        return new Dream(x, records);
    }

    /** {@code ½‖a‖²} of the layer (or channel) for one image. */
    private double objective(Model prefix, Tensor x, DreamConfig config) {
        Tensor a = prefix.forward(x, ForwardOptions.inference(threads())).activation(config.layer());
        Tensor s = seed(a, config.channel());
        double sum = 0;
        for (float v : s.data()) {
            sum += (double) v * v;
        }
        return sum / 2;
    }

    /** The gradient of ½‖a‖² at the layer: the activation itself, restricted to the channel if one is chosen. */
    private static Tensor seed(Tensor activation, int channel) {
        if (channel < 0) {
            return activation.copy();
        }
        Tensor s = Tensor.zeros(activation.shape());
        int area = activation.dim(2) * activation.dim(3);
        System.arraycopy(activation.data(), channel * area, s.data(), channel * area, area);
        return s;
    }

    /** The nodes that {@code layer} depends on, rebuilt for {@code [c, h, w]} inputs. */
    static Model prefix(Model model, String layer, int c, int h, int w) {
        Set<String> needed = new HashSet<>();
        needed.add(layer);
        List<Node> nodes = model.nodes();
        for (int i = model.indexOf(layer); i >= 0; i--) {
            if (needed.contains(nodes.get(i).name())) {
                needed.addAll(nodes.get(i).inputs());
            }
        }
        Model.Builder b = Model.builder(model.architecture() + "[.." + layer + "]", c, h, w);
        for (int i = 0; i <= model.indexOf(layer); i++) {
            Node n = nodes.get(i);
            if (needed.contains(n.name())) {
                b.add(n.name(), n.layer(), n.inputs().toArray(new String[0]));
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new LoupeException("DeepDream octave " + h + "x" + w + " is too small for the layers up to "
                    + layer + ": " + e.getMessage());
        }
    }
}
