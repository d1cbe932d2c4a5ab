package dev.loupe.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Convolution} against direct loops in double precision: the textbook sum for the forward pass and its
 * exact adjoints for the data and weight gradients.
 */
class ConvolutionTest {
    @AfterEach
    void restoreKernel() {
        System.clearProperty("loupe.vector");
    }

    /** A geometry, an input size and a batch. */
    record Case(ConvGeometry g, int n, int h, int w) {
        @Override
        public String toString() {
            return g + " on " + n + "x" + g.inChannels() + "x" + h + "x" + w;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(ConvGeometry.square(1, 10, 5, 1, 0), 3, 12, 12),          // seednet conv1
                new Case(ConvGeometry.square(10, 20, 5, 1, 0), 2, 8, 8),           // seednet conv2
                new Case(ConvGeometry.square(3, 4, 3, 2, 1), 5, 9, 7),             // stride and padding
                new Case(new ConvGeometry(4, 6, 3, 2, 1, 2, 2, 0, 2, 1, 2), 3, 10, 9), // dilation, groups
                new Case(new ConvGeometry(6, 6, 3, 3, 2, 1, 1, 1, 1, 2, 6), 2, 7, 8),  // depthwise
                new Case(ConvGeometry.square(8, 5, 1, 1, 0), 4, 5, 6),             // pointwise, batched wide
                new Case(ConvGeometry.square(8, 5, 1, 1, 0), 1, 40, 30),           // pointwise, one image
                new Case(new ConvGeometry(4, 4, 1, 1, 2, 2, 1, 1, 1, 1, 2), 3, 5, 5),  // 1x1 stride and pad
                new Case(ConvGeometry.square(2, 3, 3, 1, 1), 7, 3, 3),             // tiny images, many per GEMM
                new Case(ConvGeometry.square(5, 7, 4, 3, 2), 1, 11, 13),           // one image, parallel GEMM
                new Case(ConvGeometry.square(1, 32, 3, 1, 0), 3, 10, 10),          // mnistnet conv1: few taps
                new Case(new ConvGeometry(4, 64, 3, 3, 1, 1, 1, 1, 1, 1, 2), 2, 7, 7), // few taps, groups
                new Case(ConvGeometry.square(64, 2, 3, 1, 1), 1, 90, 90),          // image cut into column blocks
                new Case(ConvGeometry.square(1, 2048, 1, 1, 0), 1, 48, 48));       // pointwise, cut into blocks
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardMatchesDirectLoops(Case c) {
        Random r = new Random(c.hashCode());
        Tensor x = Tensor.uniform(r, 1, c.n, c.g.inChannels(), c.h, c.w);
        Tensor weight = weight(r, c.g);
        Tensor bias = Tensor.uniform(r, 1, c.g.outChannels());
        double[][] expected = directForward(x, weight, bias, c.g);
        for (Parallel p : List.of(Parallel.serial(), Parallel.of(2), Parallel.of(3))) {
            assertClose(Convolution.forward(x, weight, bias, c.g, p), expected, c + " " + p);
        }
        assertClose(Convolution.forward(x, weight, null, c.g, Parallel.of(2)),
                directForward(x, weight, null, c.g), c + " without bias");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardIntoWritesEveryValueOfTheSameBits(Case c) {
        Random r = new Random(c.hashCode() + 2);
        Tensor x = Tensor.uniform(r, 1, c.n, c.g.inChannels(), c.h, c.w);
        Tensor weight = weight(r, c.g);
        Tensor bias = Tensor.uniform(r, 1, c.g.outChannels());
        Tensor expected = Convolution.forward(x, weight, bias, c.g, Parallel.of(2));
        for (boolean constantWeight : new boolean[] {false, true}) {
            Tensor y = Tensor.full(Float.NaN, expected.shape());
            Convolution.forwardInto(x, weight, bias, c.g, Parallel.of(2), constantWeight, y);
            // Arrays.equals compares floats bit for bit (as floatToIntBits)
            assertThat(java.util.Arrays.equals(y.data(), expected.data())).as(c + " constant weight " + constantWeight)
                    .isTrue();
        }
        Tensor wrong = Tensor.zeros(c.n, c.g.outChannels() + 1, c.g.outH(c.h), c.g.outW(c.w));
        assertThatThrownBy(() -> Convolution.forwardInto(x, weight, bias, c.g, Parallel.serial(), false, wrong))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output must be");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardDataIsTheAdjointOfForward(Case c) {
        Random r = new Random(c.hashCode() + 1);
        Tensor weight = weight(r, c.g);
        Tensor gradOut = Tensor.uniform(r, 1, c.n, c.g.outChannels(), c.g.outH(c.h), c.g.outW(c.w));
        double[][] expected = directBackwardData(gradOut, weight, c.g, c.h, c.w);
        for (Parallel p : List.of(Parallel.serial(), Parallel.of(2), Parallel.of(3))) {
            assertClose(Convolution.backwardData(gradOut, weight, c.g, c.h, c.w, p), expected, c + " " + p);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardWeightsMatchesDirectLoopsAndAccumulates(Case c) {
        Random r = new Random(c.hashCode() + 2);
        Tensor x = Tensor.uniform(r, 1, c.n, c.g.inChannels(), c.h, c.w);
        Tensor gradOut = Tensor.uniform(r, 1, c.n, c.g.outChannels(), c.g.outH(c.h), c.g.outW(c.w));
        double[][] expected = directBackwardWeights(x, gradOut, c.g);
        for (Parallel p : List.of(Parallel.serial(), Parallel.of(2), Parallel.of(3))) {
            Tensor gw = Tensor.full(0.5f, c.g.outChannels(), c.g.inPerGroup(), c.g.kernelH(), c.g.kernelW());
            Tensor gb = Tensor.full(-0.25f, c.g.outChannels());
            Convolution.backwardWeights(x, gradOut, c.g, gw, gb, p);
            assertClose(gw, shift(expected[0], expected[1], 0.5), c + " weights " + p);
            assertClose(gb, shift(expected[2], expected[3], -0.25), c + " bias " + p);
        }
    }

    @Test
    void scalarKernelGivesTheSameConvolution() {
        System.setProperty("loupe.vector", "false");
        cases().limit(5).forEach(c -> {
            forwardMatchesDirectLoops(c);
            backwardDataIsTheAdjointOfForward(c);
            backwardWeightsMatchesDirectLoopsAndAccumulates(c);
        });
    }

    @Test
    void sameBitsTwiceForTheSameThreadCount() {
        ConvGeometry g = new ConvGeometry(6, 8, 3, 3, 1, 1, 1, 1, 1, 1, 2);
        Random r = new Random(5);
        Tensor x = Tensor.uniform(r, 1, 9, 6, 10, 10);
        Tensor weight = weight(r, g);
        Tensor bias = Tensor.uniform(r, 1, 8);
        Tensor gradOut = Tensor.uniform(r, 1, 9, 8, 10, 10);
        for (int threads = 1; threads <= 3; threads++) {
            Parallel p = Parallel.of(threads);
            float[][] first = runAll(x, weight, bias, gradOut, g, p);
            float[][] second = runAll(x, weight, bias, gradOut, g, p);
            for (int i = 0; i < first.length; i++) {
                assertThat(second[i]).as("result %d with %d threads", i, threads).isEqualTo(first[i]);
            }
        }
    }

    @Test
    void oneImageGivesTheSameBitsForAnyThreadCount() {
        ConvGeometry g = new ConvGeometry(6, 8, 3, 3, 2, 1, 1, 1, 1, 1, 2);
        Random r = new Random(6);
        Tensor x = Tensor.uniform(r, 1, 1, 6, 100, 60); // large enough for a parallel GEMM
        Tensor weight = weight(r, g);
        Tensor bias = Tensor.uniform(r, 1, 8);
        Tensor gradOut = Tensor.uniform(r, 1, 1, 8, g.outH(100), g.outW(60));
        float[][] serial = runAll(x, weight, bias, gradOut, g, Parallel.serial());
        for (int threads = 2; threads <= 3; threads++) {
            float[][] parallel = runAll(x, weight, bias, gradOut, g, Parallel.of(threads));
            for (int i = 0; i < serial.length; i++) {
                assertThat(parallel[i]).as("result %d with %d threads", i, threads).isEqualTo(serial[i]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void batchGivesTheSameBitsAsImagesOneByOne(Case c) {
        Random r = new Random(c.hashCode() + 3);
        Tensor x = Tensor.uniform(r, 1, c.n, c.g.inChannels(), c.h, c.w);
        Tensor weight = weight(r, c.g);
        Tensor bias = Tensor.uniform(r, 1, c.g.outChannels());
        Tensor gradOut = Tensor.uniform(r, 1, c.n, c.g.outChannels(), c.g.outH(c.h), c.g.outW(c.w));
        Tensor y = Convolution.forward(x, weight, bias, c.g, Parallel.of(2));
        for (int i = 0; i < c.n; i++) {
            for (Parallel p : List.of(Parallel.serial(), Parallel.of(2))) {
                assertThat(Convolution.forward(x.slice(i, i + 1), weight, bias, c.g, p).data())
                        .as("output of image %d, %s", i, p).isEqualTo(y.item(i).data());
            }
        }
        assertDataGradientsImageByImage(c, gradOut, weight, Parallel.of(2));
    }

    /** Each image's data gradient, computed alone on 1 to 3 threads, has its bits in the batch's on {@code p}. */
    private static void assertDataGradientsImageByImage(Case c, Tensor gradOut, Tensor weight, Parallel p) {
        Tensor gx = Convolution.backwardData(gradOut, weight, c.g, c.h, c.w, p);
        for (int i = 0; i < c.n; i++) {
            for (Parallel alone : List.of(Parallel.serial(), Parallel.of(2), Parallel.of(3))) {
                assertThat(Convolution.backwardData(gradOut.slice(i, i + 1), weight, c.g, c.h, c.w, alone).data())
                        .as("data gradient of image %d, %s", i, alone).isEqualTo(gx.item(i).data());
            }
        }
    }

    /** Geometries whose channels per group fill whole vectors, so that a sparse output gradient is visited sparsely. */
    static Stream<Case> sparseCases() {
        return Stream.of(
                new Case(ConvGeometry.square(32, 64, 3, 1, 0), 3, 12, 12),          // mnistnet conv2
                new Case(ConvGeometry.square(16, 8, 3, 2, 1), 2, 9, 7),             // stride and padding
                new Case(new ConvGeometry(32, 4, 3, 2, 1, 2, 2, 0, 2, 1, 2), 3, 10, 9), // dilation, groups
                new Case(ConvGeometry.square(16, 4, 5, 1, 2), 2, 40, 40),           // several bands of rows
                new Case(ConvGeometry.square(16, 6, 1, 1, 0), 2, 5, 6));            // pointwise
    }

    /**
     * An output gradient like one below a max pooling and a rectifier: in each 2×2 window of each channel at most
     * one value, nonzero four times in five. Image {@code denseImage} (if in range) is dense instead, so that a batch
     * mixes the sparse and the dense passes.
     */
    private static Tensor sparseGradient(Random r, Case c, int denseImage) {
        Tensor g = Tensor.zeros(c.n, c.g.outChannels(), c.g.outH(c.h), c.g.outW(c.w));
        int oh = g.dim(2), ow = g.dim(3);
        float[] d = g.data();
        for (int img = 0; img < c.n; img++) {
            for (int o = 0; o < c.g.outChannels(); o++) {
                int base = (img * c.g.outChannels() + o) * oh * ow;
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        boolean kept = img == denseImage || (y % 2 == 0 && x % 2 == 0 && r.nextInt(5) > 0);
                        if (kept) {
                            int dy = img == denseImage ? 0 : Math.min(r.nextInt(2), oh - 1 - y);
                            int dx = img == denseImage ? 0 : Math.min(r.nextInt(2), ow - 1 - x);
                            d[base + (y + dy) * ow + x + dx] = r.nextFloat() * 2 - 1;
                        }
                    }
                }
            }
        }
        return g;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sparseCases")
    void sparseOutputGradientsGiveTheAdjointsOfForward(Case c) {
        Random r = new Random(c.hashCode() + 7);
        Tensor x = Tensor.uniform(r, 1, c.n, c.g.inChannels(), c.h, c.w);
        Tensor weight = weight(r, c.g);
        Tensor gradOut = sparseGradient(r, c, 1);
        double[][] data = directBackwardData(gradOut, weight, c.g, c.h, c.w);
        double[][] weights = directBackwardWeights(x, gradOut, c.g);
        for (Parallel p : List.of(Parallel.serial(), Parallel.of(2), Parallel.of(3))) {
            assertClose(Convolution.backwardData(gradOut, weight, c.g, c.h, c.w, p), data, c + " data " + p);
            Tensor gw = Tensor.full(0.5f, weight.shape());
            Tensor gb = Tensor.full(-0.25f, c.g.outChannels());
            Convolution.backwardWeights(x, gradOut, c.g, gw, gb, p);
            assertClose(gw, shift(weights[0], weights[1], 0.5), c + " weights " + p);
            assertClose(gb, shift(weights[2], weights[3], -0.25), c + " bias " + p);
        }
    }

    /**
     * The sparse passes visit the nonzeros alone: a zero of the output gradient adds nothing even against an infinite
     * weight or input, where the dense products give NaN (0·∞). So the images with a sparse gradient have no NaN and
     * the dense image has the dense passes' bits. Each image's data gradient is the same alone as in the batch.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sparseCases")
    void sparseOutputGradientsAreVisitedSparselyAndImageByImage(Case c) {
        Random r = new Random(c.hashCode() + 8);
        Tensor x = Tensor.uniform(r, 1, c.n, c.g.inChannels(), c.h, c.w);
        x.data()[index(x, 1, 0, c.h / 2, c.w / 2)] = Float.POSITIVE_INFINITY;
        Tensor weight = weight(r, c.g);
        weight.data()[0] = Float.POSITIVE_INFINITY;
        Tensor gradOut = sparseGradient(r, c, 0);
        Tensor gx = Convolution.backwardData(gradOut, weight, c.g, c.h, c.w, Parallel.of(2));
        Tensor gw = Tensor.zeros(weight.shape());
        Convolution.backwardWeights(x.slice(1, c.n), gradOut.slice(1, c.n), c.g, gw, null, Parallel.serial());
        System.setProperty("loupe.sparse", "false");
        try {
            Tensor denseGx = Convolution.backwardData(gradOut, weight, c.g, c.h, c.w, Parallel.of(2));
            Tensor denseGw = Tensor.zeros(weight.shape());
            Convolution.backwardWeights(x.slice(1, c.n), gradOut.slice(1, c.n), c.g, denseGw, null, Parallel.serial());
            assertThat(java.util.Arrays.equals(gx.item(0).data(), denseGx.item(0).data()))
                    .as("the dense image, densely").isTrue();
            assertThat(denseGx.slice(1, c.n).data()).as("dense passes meet 0·∞").contains(Float.NaN);
            assertThat(gx.slice(1, c.n).data()).as("sparse data gradients").doesNotContain(Float.NaN);
            assertThat(denseGw.data()).as("dense weight gradient meets 0·∞").contains(Float.NaN);
            assertThat(gw.data()).as("sparse weight gradient").doesNotContain(Float.NaN);
        } finally {
            System.clearProperty("loupe.sparse");
        }
        assertDataGradientsImageByImage(c, gradOut, weight, Parallel.of(2));
    }

    static Stream<Case> allCases() {
        return Stream.concat(cases(), sparseCases());
    }

    /** The fused training step's backward gives the bits of the two passes called apart, dense or sparse. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void backwardGivesTheBitsOfTheTwoPasses(Case c) {
        Random r = new Random(c.hashCode() + 10);
        Tensor x = Tensor.uniform(r, 1, c.n, c.g.inChannels(), c.h, c.w);
        Tensor weight = weight(r, c.g);
        Tensor gradOut = c.n > 1 ? sparseGradient(r, c, c.n - 1) : sparseGradient(r, c, -1);
        for (Parallel p : List.of(Parallel.serial(), Parallel.of(2))) {
            Tensor gw = Tensor.full(0.5f, weight.shape()), gb = Tensor.full(0.25f, c.g.outChannels());
            Tensor gx = Convolution.backward(x, gradOut, weight, c.g, gw, gb, p);
            Tensor apartW = Tensor.full(0.5f, weight.shape()), apartB = Tensor.full(0.25f, c.g.outChannels());
            Convolution.backwardWeights(x, gradOut, c.g, apartW, apartB, p);
            Tensor apartX = Convolution.backwardData(gradOut, weight, c.g, c.h, c.w, p);
            assertThat(java.util.Arrays.equals(gx.data(), apartX.data())).as("data, %s", p).isTrue();
            assertThat(java.util.Arrays.equals(gw.data(), apartW.data())).as("weights, %s", p).isTrue();
            assertThat(java.util.Arrays.equals(gb.data(), apartB.data())).as("bias, %s", p).isTrue();
        }
    }

    /** An output gradient of more values than the sparse lists may hold takes the dense passes (0·∞ gives NaN). */
    @Test
    void largeOutputGradientsStayDense() {
        Case c = new Case(ConvGeometry.square(16, 64, 3, 1, 1), 1, 130, 130);
        assertThat(64 * 130 * 130).isGreaterThan(SparseGradient.MAX_VALUES);
        Random r = new Random(11);
        Tensor weight = weight(r, c.g);
        weight.data()[0] = Float.POSITIVE_INFINITY;
        Tensor gx = Convolution.backwardData(sparseGradient(r, c, -1), weight, c.g, c.h, c.w, Parallel.of(2));
        assertThat(gx.data()).contains(Float.NaN);
    }

    @Test
    void biasGradientOfASparseOutputGradientHasTheDenseBits() {
        Case c = sparseCases().findFirst().orElseThrow();
        Random r = new Random(9);
        Tensor x = Tensor.uniform(r, 1, c.n, c.g.inChannels(), c.h, c.w);
        Tensor gradOut = sparseGradient(r, c, -1);
        Tensor gb = Tensor.full(0.125f, c.g.outChannels());
        Convolution.backwardWeights(x, gradOut, c.g, Tensor.zeros(weight(r, c.g).shape()), gb, Parallel.of(2));
        System.setProperty("loupe.sparse", "false");
        try {
            Tensor denseGb = Tensor.full(0.125f, c.g.outChannels());
            Convolution.backwardWeights(x, gradOut, c.g, Tensor.zeros(weight(r, c.g).shape()), denseGb,
                    Parallel.of(2));
            assertThat(gb.data()).isEqualTo(denseGb.data());
        } finally {
            System.clearProperty("loupe.sparse");
        }
    }

    @Test
    void emptyBatchGivesEmptyResultsAndLeavesGradientsAlone() {
        ConvGeometry g = ConvGeometry.square(2, 3, 3, 1, 1);
        Tensor x = Tensor.zeros(0, 2, 5, 5);
        Tensor weight = Tensor.full(1f, 3, 2, 3, 3);
        assertThat(Convolution.forward(x, weight, null, g, Parallel.of(2)).shape()).containsExactly(0, 3, 5, 5);
        assertThat(Convolution.backwardData(Tensor.zeros(0, 3, 5, 5), weight, g, 5, 5, Parallel.of(2)).shape())
                .containsExactly(0, 2, 5, 5);
        Tensor gw = Tensor.full(2f, 3, 2, 3, 3);
        Convolution.backwardWeights(x, Tensor.zeros(0, 3, 5, 5), g, gw, null, Parallel.of(2));
        assertThat(gw.data()).containsOnly(2f);
    }

    @Test
    void rejectsMismatchedShapes() {
        ConvGeometry g = ConvGeometry.square(2, 3, 3, 1, 0);
        Tensor x = Tensor.zeros(1, 2, 5, 5);
        assertThatThrownBy(() -> Convolution.forward(x, Tensor.zeros(3, 2, 2, 2), null, g, Parallel.serial()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight");
        assertThatThrownBy(() -> Convolution.forward(Tensor.zeros(1, 3, 5, 5), Tensor.zeros(3, 2, 3, 3), null, g,
                Parallel.serial())).hasMessageContaining("input channels");
        assertThatThrownBy(() -> Convolution.backwardData(Tensor.zeros(1, 3, 4, 4), Tensor.zeros(3, 2, 3, 3), g, 5,
                5, Parallel.serial())).hasMessageContaining("output gradient");
    }

    private static float[][] runAll(Tensor x, Tensor weight, Tensor bias, Tensor gradOut, ConvGeometry g,
                                    Parallel p) {
        Tensor gw = Tensor.zeros(weight.shape());
        Tensor gb = Tensor.zeros(bias.shape());
        Convolution.backwardWeights(x, gradOut, g, gw, gb, p);
        return new float[][] {Convolution.forward(x, weight, bias, g, p).data(),
                Convolution.backwardData(gradOut, weight, g, x.dim(2), x.dim(3), p).data(), gw.data(), gb.data()};
    }

    private static Tensor weight(Random r, ConvGeometry g) {
        return Tensor.uniform(r, 1, g.outChannels(), g.inPerGroup(), g.kernelH(), g.kernelW());
    }

    /** The oracle {values, absolute sums} with {@code by} added to every value (what was in the gradient). */
    private static double[][] shift(double[] values, double[] abs, double by) {
        double[] v = values.clone();
        double[] a = abs.clone();
        for (int i = 0; i < v.length; i++) {
            v[i] += by;
            a[i] += Math.abs(by);
        }
        return new double[][] {v, a};
    }

    /** Visits every (image, out channel, out pixel, in channel, kernel tap) that touches the input. */
    private interface Tap {
        void visit(int img, int o, int oy, int ox, int ch, int ki, int kj, int iy, int ix);
    }

    private static void forEachTap(ConvGeometry g, int n, int h, int w, Tap tap) {
        int oh = g.outH(h), ow = g.outW(w), cg = g.inPerGroup(), og = g.outPerGroup();
        for (int img = 0; img < n; img++) {
            for (int o = 0; o < g.outChannels(); o++) {
                int grp = o / og;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        for (int cl = 0; cl < cg; cl++) {
                            for (int ki = 0; ki < g.kernelH(); ki++) {
                                for (int kj = 0; kj < g.kernelW(); kj++) {
                                    int iy = oy * g.strideH() + ki * g.dilationH() - g.padH();
                                    int ix = ox * g.strideW() + kj * g.dilationW() - g.padW();
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                        tap.visit(img, o, oy, ox, grp * cg + cl, ki, kj, iy, ix);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Returns {values, sums of absolute terms} for the forward pass. */
    private static double[][] directForward(Tensor x, Tensor weight, Tensor bias, ConvGeometry g) {
        int n = x.dim(0), h = x.dim(2), w = x.dim(3), oh = g.outH(h), ow = g.outW(w);
        float[] xd = x.data(), wd = weight.data();
        double[] y = new double[n * g.outChannels() * oh * ow], abs = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            int o = i / (oh * ow) % g.outChannels();
            y[i] = bias == null ? 0 : bias.data()[o];
            abs[i] = Math.abs(y[i]);
        }
        forEachTap(g, n, h, w, (img, o, oy, ox, ch, ki, kj, iy, ix) -> {
            double term = (double) xd[index(x, img, ch, iy, ix)] * wd[index(weight, o, ch % g.inPerGroup(), ki, kj)];
            int at = ((img * g.outChannels() + o) * oh + oy) * ow + ox;
            y[at] += term;
            abs[at] += Math.abs(term);
        });
        return new double[][] {y, abs};
    }

    private static double[][] directBackwardData(Tensor gradOut, Tensor weight, ConvGeometry g, int h, int w) {
        int n = gradOut.dim(0);
        float[] gd = gradOut.data(), wd = weight.data();
        double[] gx = new double[n * g.inChannels() * h * w], abs = new double[gx.length];
        forEachTap(g, n, h, w, (img, o, oy, ox, ch, ki, kj, iy, ix) -> {
            double term = (double) gd[index(gradOut, img, o, oy, ox)] * wd[index(weight, o, ch % g.inPerGroup(), ki, kj)];
            int at = ((img * g.inChannels() + ch) * h + iy) * w + ix;
            gx[at] += term;
            abs[at] += Math.abs(term);
        });
        return new double[][] {gx, abs};
    }

    /** Returns {weight gradient, its absolute sums, bias gradient, its absolute sums}. */
    private static double[][] directBackwardWeights(Tensor x, Tensor gradOut, ConvGeometry g) {
        int n = x.dim(0), h = x.dim(2), w = x.dim(3);
        float[] xd = x.data(), gd = gradOut.data();
        int size = g.outChannels() * g.inPerGroup() * g.kernelH() * g.kernelW();
        double[] gw = new double[size], gwAbs = new double[size];
        double[] gb = new double[g.outChannels()], gbAbs = new double[g.outChannels()];
        forEachTap(g, n, h, w, (img, o, oy, ox, ch, ki, kj, iy, ix) -> {
            int at = ((o * g.inPerGroup() + ch % g.inPerGroup()) * g.kernelH() + ki) * g.kernelW() + kj;
            double term = (double) gd[index(gradOut, img, o, oy, ox)] * xd[index(x, img, ch, iy, ix)];
            gw[at] += term;
            gwAbs[at] += Math.abs(term);
        });
        int pixels = gradOut.dim(2) * gradOut.dim(3);
        for (int i = 0; i < gd.length; i++) {
            gb[i / pixels % g.outChannels()] += gd[i];
            gbAbs[i / pixels % g.outChannels()] += Math.abs(gd[i]);
        }
        return new double[][] {gw, gwAbs, gb, gbAbs};
    }

    /** Offset of element (a, b, c, d) of a rank-4 tensor. */
    private static int index(Tensor t, int a, int b, int c, int d) {
        return ((a * t.dim(1) + b) * t.dim(2) + c) * t.dim(3) + d;
    }

    /** Checks every value against the oracle within a tolerance scaled by the sum of absolute terms. */
    private static void assertClose(Tensor actual, double[][] expected, String what) {
        float[] a = actual.data();
        assertThat(a.length).as(what).isEqualTo(expected[0].length);
        for (int i = 0; i < a.length; i++) {
            double scale = Math.max(expected[1][i], Math.abs(expected[0][i])) + 1;
            if (!(Math.abs(a[i] - expected[0][i]) <= 2e-5 * scale)) {
                fail("%s at %d: %s vs %s (tolerance %s)", what, i, a[i], expected[0][i], 2e-5 * scale);
            }
        }
    }
}
