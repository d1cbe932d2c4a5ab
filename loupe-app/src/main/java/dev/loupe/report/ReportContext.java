package dev.loupe.report;

import dev.loupe.data.Dataset;
import dev.loupe.explain.Explainer;
import dev.loupe.explain.MethodRegistry;
import dev.loupe.explain.MethodSpec;
import dev.loupe.explain.Provenance;
import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.LogSoftmax;
import dev.loupe.nn.MaxPool2d;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.ReLU;
import dev.loupe.nn.Softmax;
import dev.loupe.render.Png;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * What every section shares: the input, the options, the figure store, the threads, and helpers to run the model on
 * raw images, to pick sample images and to build explainers from the registry.
 */
public final class ReportContext {
    private final ReportInput input;
    private final ReportOptions options;
    private final FigureStore figures;
    private final Parallel parallel;
    private final String digest;
    private int[] samples;

    ReportContext(ReportInput input, ReportOptions options, FigureStore figures) {
        this.input = input;
        this.options = options;
        this.figures = figures;
        this.parallel = Parallel.of(options.threads());
        this.digest = input.model().digest();
    }

    /** The report's input. */
    public ReportInput input() {
        return input;
    }

    /** The reported model. */
    public Model model() {
        return input.model();
    }

    /** The options. */
    public ReportOptions options() {
        return options;
    }

    /** The work sizes. */
    public ReportSize size() {
        return options.size();
    }

    /** The figure store. */
    public FigureStore figures() {
        return figures;
    }

    /** The threads. */
    public Parallel parallel() {
        return parallel;
    }

    /** The reported model's digest. */
    public String digest() {
        return digest;
    }

    /** The name of class {@code k}. */
    public String className(int k) {
        return input.classNames().get(k);
    }

    /** Raw [0, 1] images standardised as the model expects. */
    public Tensor normalize(Tensor raw) {
        return input.normalization().apply(raw);
    }

    /** Class probabilities {@code [N, K]} of {@code model} for raw images, in batches. */
    public Tensor probabilities(Model model, Tensor raw) {
        int n = raw.dim(0), k = model.outputSize();
        float[] out = new float[n * k];
        for (int from = 0; from < n; from += 256) {
            int to = Math.min(n, from + 256);
            Tensor logits = model.forward(normalize(raw.slice(from, to)), ForwardOptions.prediction(parallel))
                    .output();
            float[] z = logits.data();
            for (int i = 0; i < to - from; i++) {
                toProbabilities(model, z, i * k, k, out, (from + i) * k);
            }
        }
        return Tensor.wrap(out, n, k);
    }

    /** Class probabilities of the reported model. */
    public Tensor probabilities(Tensor raw) {
        return probabilities(model(), raw);
    }

    private static void toProbabilities(Model model, float[] z, int at, int k, float[] out, int to) {
        var last = model.nodes().get(model.nodes().size() - 1).layer();
        if (last instanceof Softmax) {
            System.arraycopy(z, at, out, to, k);
            return;
        }
        boolean logProbabilities = last instanceof LogSoftmax;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, z[at + j]);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            double e = logProbabilities ? Math.exp(z[at + j]) : Math.exp(z[at + j] - max);
            out[to + j] = (float) e;
            sum += e;
        }
        for (int j = 0; j < k; j++) {
            out[to + j] /= (float) sum;
        }
    }

    /**
     * Indices into the test set of the report's sample images: correctly classified images of as many different
     * classes as possible, in a seeded order; as many as {@link ReportSize#comparisonImages()} or
     * {@link ReportSize#samples()} ask, whichever is more.
     */
    public synchronized int[] samples() {
        if (samples == null) {
            Dataset test = input.test();
            int want = Math.min(test.size(), Math.max(size().samples(), size().comparisonImages()));
            int[] order = permutation(test.size(), new Random(options.seed()));
            int scan = Math.min(test.size(), Math.max(200, want * 20));
            int[] scanned = java.util.Arrays.copyOf(order, scan);
            Tensor p = probabilities(test.batch(scanned));
            List<Integer> chosen = new ArrayList<>();
            Set<Integer> classes = new LinkedHashSet<>();
            for (int pass = 0; pass < 2 && chosen.size() < want; pass++) {
                for (int j = 0; j < scan && chosen.size() < want; j++) {
                    int label = test.label(scanned[j]);
                    boolean correct = p.argmax(j) == label;
                    boolean fresh = !classes.contains(label);
                    if (!chosen.contains(scanned[j]) && (pass == 1 || (correct && fresh))) {
                        chosen.add(scanned[j]);
                        classes.add(label);
                    }
                }
            }
            samples = chosen.stream().mapToInt(Integer::intValue).toArray();
        }
        return samples.clone();
    }

    /** The first {@code count} sample indices. */
    public int[] samples(int count) {
        int[] all = samples();
        return java.util.Arrays.copyOf(all, Math.min(count, all.length));
    }

    /** A seeded permutation of {@code 0..n-1}. */
    public static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * The named method from the registry with the given parameters.
     *
     * @throws SectionUnavailable when the method is not registered (its family's code is not on the class path)
     */
    public Explainer explainer(String method, Map<String, String> params) {
        requireMethods(method);
        return MethodRegistry.defaults().create(method, params);
    }

    /** Whether the registry knows the method. */
    public static boolean hasMethod(String method) {
        return MethodRegistry.defaults().all().stream().map(MethodSpec::name).anyMatch(method::equals);
    }

    /** @throws SectionUnavailable naming the methods that are not registered */
    public static void requireMethods(String... methods) {
        List<String> missing = new ArrayList<>();
        for (String m : methods) {
            if (!hasMethod(m)) {
                missing.add(m);
            }
        }
        if (!missing.isEmpty()) {
            throw new SectionUnavailable("the method" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + (missing.size() > 1 ? " are" : " is") + " not in this build's method registry");
        }
    }

    /** Provenance of a figure made by the report itself (not by a registry method). */
    public Provenance provenance(String method, Map<String, String> parameters) {
        return new Provenance(method, parameters, options.seed(), digest);
    }

    /** PNG metadata for a provenance. */
    public static Map<String, String> metadata(Provenance provenance) {
        return Png.metadata(provenance);
    }

    /**
     * The feature maps of the model, one per convolution: the output of the first ReLU that follows the convolution
     * through a chain of pools and batch norms (conv1 → pool1 → relu1 gives {@code relu1}), or the convolution
     * itself when none follows.
     */
    public List<FeatureMap> featureMaps() {
        Model m = model();
        List<FeatureMap> out = new ArrayList<>();
        for (Node node : m.nodes()) {
            if (!(node.layer() instanceof Conv2d)) {
                continue;
            }
            String at = node.name();
            String rectified = node.name();
            for (int hops = 0; hops < 4; hops++) {
                List<Node> next = m.consumersOf(at);
                if (next.size() != 1 || next.get(0).inputs().size() != 1) {
                    break;
                }
                var layer = next.get(0).layer();
                if (!(layer instanceof ReLU || layer instanceof MaxPool2d || layer instanceof BatchNorm2d)) {
                    break;
                }
                at = next.get(0).name();
                if (layer instanceof ReLU) {
                    rectified = at;
                    break;
                }
            }
            out.add(new FeatureMap(node.name(), rectified, m.shapeOf(rectified)));
        }
        return out;
    }

    /**
     * A convolution and the rectified map it feeds.
     *
     * @param conv  the convolution's node name
     * @param layer the node whose output is shown as the feature maps
     * @param shape that node's per-image output shape {@code [C, H, W]}
     */
    public record FeatureMap(String conv, String layer, int[] shape) {
        /** Number of feature maps. */
        public int channels() {
            return shape[0];
        }
    }
}
