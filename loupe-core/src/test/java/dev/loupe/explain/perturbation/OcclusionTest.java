package dev.loupe.explain.perturbation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.explain.Attribution;
import dev.loupe.explain.MethodRegistry;
import dev.loupe.explain.Target;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.AvgPool2d;
import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Flatten;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Linear;
import dev.loupe.nn.MaxPool2d;
import dev.loupe.nn.Model;
import dev.loupe.nn.PoolWindow;
import dev.loupe.nn.ReLU;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Occlusion against a brute-force oracle (every occluded image built explicitly and run through
 * {@link Model#predict}), against hand-computed maps, and its error messages.
 */
class OcclusionTest {

    /** The oracle: model outputs [N·P, K] for explicitly occluded images. */
    static Tensor bruteForce(Model model, Tensor input, Tensor fill, List<Window> windows) {
        int n = input.dim(0), c = input.dim(1), h = input.dim(2), w = input.dim(3), per = c * h * w;
        int k = model.outputSize();
        Tensor out = Tensor.zeros(n * windows.size(), k);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < windows.size(); p++) {
                Tensor img = input.item(i);
                Window win = windows.get(p);
                for (int ch = win.c0(); ch < win.c1(); ch++) {
                    for (int y = win.y0(); y < win.y1(); y++) {
                        for (int x = win.x0(); x < win.x1(); x++) {
                            int at = (ch * h + y) * w + x;
                            img.data()[at] = fill.data()[i * per + at];
                        }
                    }
                }
                Tensor logits = model.predict(img);
                System.arraycopy(logits.data(), 0, out.data(), (i * windows.size() + p) * k, k);
            }
        }
        return out;
    }

    /** conv → BN → ReLU → maxpool → conv(pad 1) → ReLU → avgpool → flatten → FC → ReLU → FC, like bnnet. */
    static Model bnnetLike(long seed) {
        Random r = new Random(seed);
        Model.Builder b = Model.builder("bnnet-like", 1, 28, 28);
        b.add("conv1", new Conv2d(ConvGeometry.square(1, 8, 3, 1, 0), Tensor.uniform(r, 0.4f, 8, 1, 3, 3),
                Tensor.uniform(r, 0.2f, 8)));
        b.add("bn1", new BatchNorm2d(Tensor.uniform(r, 0.5f, 8).map(v -> v + 1), Tensor.uniform(r, 0.2f, 8),
                Tensor.uniform(r, 0.5f, 8), Tensor.uniform(r, 0.5f, 8).map(v -> v + 1.2), 1e-5, 0.1));
        b.add("relu1", new ReLU()).add("pool1", new MaxPool2d(PoolWindow.of(2)));
        b.add("conv2", new Conv2d(ConvGeometry.square(8, 16, 3, 1, 1), Tensor.uniform(r, 0.12f, 16, 8, 3, 3),
                Tensor.uniform(r, 0.1f, 16)));
        b.add("relu2", new ReLU()).add("pool2", new AvgPool2d(PoolWindow.of(2), false)).add("flatten", new Flatten());
        b.add("fc1", new Linear(Tensor.uniform(r, 0.04f, 32, 576), Tensor.uniform(r, 0.04f, 32)));
        b.add("relu3", new ReLU())
                .add("fc2", new Linear(Tensor.uniform(r, 0.17f, 10, 32), Tensor.uniform(r, 0.1f, 10)));
        return b.build();
    }

    static Model model(String name) {
        return name.equals("bnnet-like") ? bnnetLike(5) : Architectures.create(name, 11);
    }

    static Tensor digits(int n, long seed) {
        Random r = new Random(seed);
        Tensor x = Tensor.full(-0.4242f, n, 1, 28, 28);
        for (int i = 0; i < n; i++) {
            // a bright stroke with some noise, so activations differ across the image
            for (int y = 6; y < 22; y++) {
                for (int xx = 10 + i; xx < 14 + i + (y % 5); xx++) {
                    x.set((float) (2.0 + 0.5 * r.nextGaussian()), i, 0, y, xx);
                }
            }
            for (int j = 0; j < 40; j++) {
                x.set((float) r.nextGaussian(), i, 0, r.nextInt(28), r.nextInt(28));
            }
        }
        return x;
    }

    private static void assertClose(Tensor actual, Tensor expected, double rel) {
        double scale = Math.max(1, expected.absMax());
        assertThat(actual.shape()).isEqualTo(expected.shape());
        for (int i = 0; i < actual.size(); i++) {
            assertThat((double) actual.data()[i]).as("element %d", i)
                    .isCloseTo(expected.data()[i], org.assertj.core.data.Offset.offset(rel * scale));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"seednet", "mnistnet", "resnet-mini", "allconv", "bnnet-like"})
    void incrementalEvaluationEqualsBruteForce(String arch) {
        Model model = model(arch);
        boolean heavy = arch.equals("mnistnet") || arch.equals("resnet-mini");
        int step = heavy ? 2 : 1;
        Tensor x = digits(heavy ? 1 : 2, 3);
        Parallel parallel = Parallel.of(2);
        var base = model.forward(x, ForwardOptions.inference(parallel));
        int[] shape = model.inputShape();
        record Case(List<Window> windows, Fill fill) {
        }
        List<Case> cases = List.of(
                new Case(Occlusion.slidingWindows(shape, Extent.square(4), Extent.square(3 * step)),
                        new Fill.Constant(0f)),
                new Case(Occlusion.slidingWindows(shape, new Extent(1, 7, 5), new Extent(1, 5 * step, 4 * step)),
                        new Fill.Noise(9, 0, 1)),
                new Case(Occlusion.centredWindows(shape, Extent.square(5), Extent.square(4 * step)),
                        new Fill.Blur(1.5)),
                new Case(Occlusion.slidingWindows(shape, Extent.square(1), Extent.square(5 * step)),
                        new Fill.Constant(2f)),
                // the bench's setting: neighbours share groups whose regions differ by a row or column
                new Case(Occlusion.slidingWindows(shape, Extent.square(6), Extent.square(step)),
                        new Fill.Constant(0f)));
        for (Case c : cases) {
            Tensor fill = c.fill().replacement(x);
            Tensor fast = new OccludedEvaluator(model, parallel, 37, true).evaluate(base, fill, c.windows());
            Tensor full = new OccludedEvaluator(model, parallel, 37, false).evaluate(base, fill, c.windows());
            Tensor oracle = bruteForce(model, x, fill, c.windows());
            assertClose(fast, oracle, 1e-5);
            assertClose(full, oracle, 1e-5);
        }
    }

    /**
     * Single pixels of a four-channel image: the first convolution's change is a 1×1 patch of many channels, scattered
     * by the product path ({@code ConvDelta}'s {@code Spread}), which the single-channel digit models never take.
     */
    @Test
    void manyChannelPixelChangesAreScatteredExactly() {
        Random r = new Random(21);
        Model model = Model.builder("four-channel", 4, 12, 12)
                .add("conv", new Conv2d(ConvGeometry.square(4, 6, 3, 1, 0), Tensor.uniform(r, 0.3f, 6, 4, 3, 3),
                        Tensor.uniform(r, 0.1f, 6)))
                .add("relu", new ReLU()).add("flatten", new Flatten())
                .add("fc", new Linear(Tensor.uniform(r, 0.05f, 5, 600), Tensor.uniform(r, 0.1f, 5))).build();
        Tensor x = Tensor.uniform(r, 1f, 2, 4, 12, 12);
        List<Window> pixels = Occlusion.slidingWindows(model.inputShape(), Extent.square(1), Extent.square(2));
        var base = model.forward(x);
        assertThat(new OccludedEvaluator(model, Parallel.serial(), 64, true).incrementalPrefixEnd(base, pixels))
                .isEqualTo("fc");
        Tensor fill = Tensor.full(0.5f, x.shape());
        assertClose(new OccludedEvaluator(model, Parallel.of(2), 16, true).evaluate(base, fill, pixels),
                bruteForce(model, x, fill, pixels), 1e-5);
    }

    @Test
    void incrementalPrefixFollowsTheChainOfLocalLayers() {
        Tensor x = digits(1, 4);
        int[] shape = {1, 28, 28};
        List<Window> small = Occlusion.slidingWindows(shape, Extent.square(4), Extent.square(2));
        var seednet = Architectures.create("seednet", 1);
        // together, 4×4 windows change 5×5 patches of the 12×12 map conv2 reads, which reach all of its 8×8 outputs:
        // convolved whole
        assertThat(new OccludedEvaluator(seednet, Parallel.serial(), 64, true)
                .incrementalPrefixEnd(seednet.forward(x), small)).isEqualTo("relu1");
        // a single pixel changes a 5×5 patch of conv1's output (scattered there) and a 3×3 patch of conv2's input,
        // which reaches a 5×5 corner of its output (recomputed there); the prefix ends where pool2's 3×3 patch is too
        // large a part of its 4×4 map for the dense layer's change
        List<Window> pixels = Occlusion.slidingWindows(shape, Extent.square(1), Extent.square(9));
        assertThat(new OccludedEvaluator(seednet, Parallel.serial(), 64, true)
                .incrementalPrefixEnd(seednet.forward(x), pixels)).isEqualTo("relu2");
        // a 4×4 window at (4, 4) changes a 4×4 corner patch of that map: too large to scatter onto the 4×4 outputs it
        // reaches, which are a quarter of conv2's map, so conv2 is recomputed on them and the prefix runs on to fc1
        List<Window> corner = List.of(new Window(0, 1, 4, 8, 4, 8));
        assertThat(new OccludedEvaluator(seednet, Parallel.serial(), 64, true)
                .incrementalPrefixEnd(seednet.forward(x), corner)).isEqualTo("fc1");
        Tensor fill = Tensor.zeros(x.shape());
        assertClose(new OccludedEvaluator(seednet, Parallel.of(2), 64, true).evaluate(seednet.forward(x), fill, corner),
                bruteForce(seednet, x, fill, corner), 1e-5);
        var mnistnet = Architectures.create("mnistnet", 1);
        assertThat(new OccludedEvaluator(mnistnet, Parallel.serial(), 64, true)
                .incrementalPrefixEnd(mnistnet.forward(x), small)).isEqualTo("fc1");
        // a residual graph: the stem's output feeds two branches, so the prefix ends there
        var resnet = Architectures.create("resnet-mini", 1);
        assertThat(new OccludedEvaluator(resnet, Parallel.serial(), 64, true)
                .incrementalPrefixEnd(resnet.forward(x), small)).isEqualTo("relu1");
        assertThat(new OccludedEvaluator(seednet, Parallel.serial(), 64, false)
                .incrementalPrefixEnd(seednet.forward(x), small)).isEqualTo(Model.INPUT);
    }

    /** logit = sum of the 3×3 image's pixels, image 1..9: each 2×2 window's drop is the sum of its pixels. */
    private static Model sumModel() {
        return Model.builder("sum", 1, 3, 3).add("flatten", new Flatten())
                .add("fc", new Linear(Tensor.full(1f, 1, 9), Tensor.zeros(1))).build();
    }

    @Test
    void handComputedCaptumMap() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Attribution a = new Occlusion(OcclusionConfig.of(2, 1, 0f)).explain(sumModel(), x, new Target.ClassIndex(0));
        // window drops: (0,0) 12, (0,1) 16, (1,0) 24, (1,1) 28; each pixel averages the windows covering it
        float[] expected = {12, 14, 16, 18, 20, 22, 24, 26, 28};
        assertThat(a.map().data()).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(a.extra("position_map").data()).containsExactly(new float[] {12, 16, 24, 28},
                org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(a.scores()).containsExactly(45.0);
        assertThat(a.provenance().method()).isEqualTo("occlusion");

        // stride 2 with a 2×2 window fits once; uncovered pixels stay 0; fill 1 removes 4 from the sum
        Attribution b = new Occlusion(OcclusionConfig.of(2, 2, 1f)).explain(sumModel(), x, new Target.ClassIndex(0));
        assertThat(b.map().data()).containsExactly(new float[] {8, 8, 0, 8, 8, 0, 0, 0, 0},
                org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void handComputedProbabilityOutputs() {
        // two classes with logits (s, 0) where s is the pixel sum: p = sigmoid(s)
        Model model = Model.builder("sum2", 1, 2, 2).add("flatten", new Flatten())
                .add("fc", new Linear(Tensor.of(new float[] {1, 1, 1, 1, 0, 0, 0, 0}, 2, 4), Tensor.zeros(2)))
                .build();
        Tensor x = Tensor.of(new float[] {0.5f, -1f, 2f, 0.25f}, 1, 1, 2, 2);
        OcclusionConfig cfg = new OcclusionConfig(Extent.square(1), Extent.square(1), new Fill.Constant(0f),
                OcclusionOutput.PROBABILITY, 8, true);
        Attribution a = new Occlusion(cfg).explain(model, x, new Target.ClassIndex(0));
        double s = 1.75;
        for (int i = 0; i < 4; i++) {
            double occluded = s - x.data()[i];
            assertThat((double) a.map().data()[i]).isCloseTo(1 / (1 + Math.exp(-occluded)),
                    org.assertj.core.data.Offset.offset(1e-6));
        }
        Attribution d = new Occlusion(cfg.withOutput(OcclusionOutput.PROBABILITY_DROP)).explain(model, x,
                new Target.ClassIndex(0));
        assertThat((double) d.map().data()[2]).isCloseTo(1 / (1 + Math.exp(-s)) - 1 / (1 + Math.exp(-(s - 2))),
                org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void probabilityMapAndStripMatchBruteForce() {
        Model model = Architectures.create("seednet", 21);
        Tensor x = digits(1, 8);
        int cls = model.predict(x).argmax(0);
        OcclusionConfig cfg = OcclusionConfig.of(6, 3, -0.4242f);
        Occlusion occlusion = new Occlusion(cfg);
        Tensor map = occlusion.probabilityMap(model, x, new Target.ClassIndex(cls));
        assertThat(map.shape()).containsExactly(1, 1, 10, 10);
        List<Window> centred = Occlusion.centredWindows(model.inputShape(), Extent.square(6), Extent.square(3));
        Tensor oracle = bruteForce(model, x, cfg.fill().replacement(x), centred);
        for (int p = 0; p < centred.size(); p++) {
            Tensor row = oracle.slice(p, p + 1);
            assertThat((double) map.data()[p]).isCloseTo(softmax(row, cls), org.assertj.core.data.Offset.offset(1e-5));
        }
        // the window centred on (9, 12) covers rows 6..11 and columns 9..14
        assertThat(centred.get(3 * 10 + 4)).isEqualTo(new Window(0, 1, 6, 12, 9, 15));

        OcclusionStrip strip = occlusion.strip(model, x, cls, 5);
        assertThat(strip.images()).hasSize(5);
        for (int j = 0; j < 5; j++) {
            Tensor img = strip.images().get(j);
            Window win = strip.windows().get(j);
            assertThat(img.get(0, 0, win.y0(), win.x0())).isEqualTo(-0.4242f);
            assertThat(softmax(model.predict(img), cls)).isCloseTo(strip.probabilities()[j],
                    org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(strip.original()).isCloseTo(softmax(model.predict(x), cls),
                org.assertj.core.data.Offset.offset(1e-6));
    }

    private static double softmax(Tensor logits, int cls) {
        double max = logits.max(), sum = 0;
        for (float v : logits.data()) {
            sum += Math.exp(v - max);
        }
        return Math.exp(logits.data()[cls] - max) / sum;
    }

    @Test
    void badSettingsGiveClearMessages() {
        Model model = Architectures.create("seednet", 1);
        Tensor x = digits(1, 1);
        assertThatThrownBy(() -> new Occlusion(OcclusionConfig.of(29, 1, 0f)).explain(model, x, new Target.Predicted()))
                .isInstanceOf(LoupeException.class).hasMessageContaining("larger than the image");
        assertThatThrownBy(() -> OcclusionConfig.of(4, 0, 0f)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("stride");
        assertThatThrownBy(() -> new Extent(1, 4, 0)).isInstanceOf(LoupeException.class);
        assertThatThrownBy(() -> MethodRegistry.defaults().create("occlusion", Map.of("stride", "0")))
                .isInstanceOf(LoupeException.class).hasMessageContaining("stride");
        assertThatThrownBy(() -> Fill.parse("blurry")).isInstanceOf(LoupeException.class)
                .hasMessageContaining("blurry");
        assertThatThrownBy(() -> new Occlusion(OcclusionConfig.of(4, 2, 0f)).explain(model, x,
                new Target.Channel("conv1", 0))).isInstanceOf(LoupeException.class);
    }

    @Test
    void registryBuildsOcclusionFromParameters() {
        var explainer = MethodRegistry.defaults().create("occlusion",
                Map.of("window", "4", "stride", "4", "fill", "-0.4242", "output", "probability"));
        assertThat(explainer).isInstanceOf(Occlusion.class);
        OcclusionConfig cfg = ((Occlusion) explainer).config();
        assertThat(cfg.window()).isEqualTo(Extent.square(4));
        assertThat(cfg.fill()).isEqualTo(new Fill.Constant(-0.4242f));
        assertThat(cfg.output()).isEqualTo(OcclusionOutput.PROBABILITY);
        assertThat(Fill.parse("blur:1.5")).isEqualTo(new Fill.Blur(1.5));
        assertThat(Fill.parse("noise:7")).isEqualTo(new Fill.Noise(7, 0, 1));
        assertThat(Fill.parse("mean:0.5")).isInstanceOf(Fill.Mean.class);
    }
}
