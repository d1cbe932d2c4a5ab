package dev.loupe.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.nn.DoubleReference.D;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer kind's float backward step (and parameter gradients) against central finite differences of an
 * independent double-precision forward pass ({@link DoubleReference}), for {@code f = Σ probe · layer(x)} with a
 * random probe. Inputs of ReLU and max pooling are distinct values at least 0.01 away from 0 and from each other,
 * so that no finite-difference step crosses a kink or changes a window's maximum.
 */
class LayerGradientCheckTest {
    private static final double RTOL = 1e-4;
    private static final double ATOL = 1e-5;

    /** One layer on one input batch (two for Add), in inference or training mode. */
    record Case(String label, Layer layer, List<Tensor> inputs, boolean training) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Case> cases() {
        Random r = new Random(11);
        List<Case> cases = new ArrayList<>();
        // convolutions: in, out, kH, kW, sH, sW, pH, pW, dH, dW, groups, input size, bias
        cases.add(conv(r, "conv k3", new ConvGeometry(3, 4, 3, 3, 1, 1, 0, 0, 1, 1, 1), 7, 7, true));
        cases.add(conv(r, "conv k3 s2 p1", new ConvGeometry(3, 5, 3, 3, 2, 2, 1, 1, 1, 1, 1), 8, 7, true));
        cases.add(conv(r, "conv k3x2 s2x1 p1x0 d1x2 g2", new ConvGeometry(4, 6, 3, 2, 2, 1, 1, 0, 1, 2, 2), 7, 8, true));
        cases.add(conv(r, "conv k2 s3 p2 d2 no bias", new ConvGeometry(2, 3, 2, 2, 3, 3, 2, 2, 2, 2, 1), 9, 8, false));
        cases.add(conv(r, "conv depthwise k3 p1", new ConvGeometry(4, 4, 3, 3, 1, 1, 1, 1, 1, 1, 4), 6, 6, true));
        cases.add(conv(r, "conv k1 g2", new ConvGeometry(4, 6, 1, 1, 1, 1, 0, 0, 1, 1, 2), 5, 4, true));
        cases.add(conv(r, "conv k5 to 1x1", new ConvGeometry(2, 3, 5, 5, 1, 1, 0, 0, 1, 1, 1), 5, 5, true));
        cases.add(conv(r, "conv k3 p2 d2 g3", new ConvGeometry(3, 6, 3, 3, 1, 2, 2, 1, 2, 1, 3), 6, 7, true));
        // dense
        cases.add(new Case("linear", new Linear(Tensor.randn(r, 0.5f, 7, 13), Tensor.randn(r, 0.5f, 7)),
                List.of(Tensor.randn(r, 1, 4, 13)), false));
        cases.add(new Case("linear no bias", new Linear(Tensor.randn(r, 0.5f, 5, 9), null),
                List.of(Tensor.randn(r, 1, 3, 9)), false));
        cases.add(new Case("relu", new ReLU(), List.of(distinct(r, 2, 3, 5, 5)), false));
        // max pooling: kH, kW, sH, sW, pH, pW, dH, dW, ceil
        cases.add(maxPool(r, "maxpool 2", new PoolWindow(2, 2, 2, 2, 0, 0, 1, 1, false), 6, 6));
        cases.add(maxPool(r, "maxpool 3 s2 p1 ceil", new PoolWindow(3, 3, 2, 2, 1, 1, 1, 1, true), 8, 7));
        cases.add(maxPool(r, "maxpool 3 s1 overlapping", new PoolWindow(3, 3, 1, 1, 0, 0, 1, 1, false), 6, 5));
        cases.add(maxPool(r, "maxpool 2 ceil odd", new PoolWindow(2, 2, 2, 2, 0, 0, 1, 1, true), 7, 7));
        cases.add(maxPool(r, "maxpool 2 d2 s1", new PoolWindow(2, 2, 1, 1, 0, 0, 2, 2, false), 6, 6));
        cases.add(maxPool(r, "maxpool 2x3 s1x2 p1 ceil", new PoolWindow(2, 3, 1, 2, 1, 1, 1, 1, true), 5, 8));
        // average pooling
        cases.add(avgPool(r, "avgpool 2", new PoolWindow(2, 2, 2, 2, 0, 0, 1, 1, false), false, 6, 6));
        cases.add(avgPool(r, "avgpool 3 s2 p1 include pad", new PoolWindow(3, 3, 2, 2, 1, 1, 1, 1, false), true, 7, 6));
        cases.add(avgPool(r, "avgpool 3 s2 p1 exclude pad", new PoolWindow(3, 3, 2, 2, 1, 1, 1, 1, false), false, 7, 6));
        cases.add(avgPool(r, "avgpool 3 s2 p1 ceil include pad", new PoolWindow(3, 3, 2, 2, 1, 1, 1, 1, true), true, 6, 8));
        cases.add(avgPool(r, "avgpool 3 s2 p1 ceil exclude pad", new PoolWindow(3, 3, 2, 2, 1, 1, 1, 1, true), false, 6, 8));
        cases.add(avgPool(r, "avgpool 2 ceil odd", new PoolWindow(2, 2, 2, 2, 0, 0, 1, 1, true), true, 7, 5));
        cases.add(avgPool(r, "avgpool 3x2 s2x1 p1x0 ceil", new PoolWindow(3, 2, 2, 1, 1, 0, 1, 1, true), false, 8, 5));
        cases.add(new Case("global avg pool", new GlobalAvgPool(), List.of(Tensor.randn(r, 1, 2, 3, 5, 4)), false));
        for (boolean training : new boolean[] {false, true}) {
            BatchNorm2d bn = new BatchNorm2d(Tensor.randn(r, 1, 4), Tensor.randn(r, 1, 4), Tensor.randn(r, 0.5f, 4),
                    Tensor.uniform(r, 0.5f, 4).map(v -> v + 1), 1e-3, 0.1);
            cases.add(new Case("batchnorm " + (training ? "training" : "eval"), bn,
                    List.of(Tensor.randn(r, 1.5f, 3, 4, 3, 4).map(v -> v + 0.7)), training));
        }
        cases.add(new Case("dropout eval", new Dropout(0.4), List.of(Tensor.randn(r, 1, 2, 3, 4, 4)), false));
        cases.add(new Case("dropout training", new Dropout(0.4), List.of(Tensor.randn(r, 1, 2, 3, 4, 4)), true));
        cases.add(new Case("flatten", new Flatten(), List.of(Tensor.randn(r, 1, 2, 3, 4, 5)), false));
        cases.add(new Case("softmax", new Softmax(), List.of(Tensor.randn(r, 2, 3, 7)), false));
        cases.add(new Case("log softmax", new LogSoftmax(), List.of(Tensor.randn(r, 2, 3, 7)), false));
        cases.add(new Case("add", new Add(), List.of(Tensor.randn(r, 1, 2, 3, 4, 4), Tensor.randn(r, 1, 2, 3, 4, 4)),
                false));
        return cases.stream();
    }

    private static Case conv(Random r, String label, ConvGeometry g, int h, int w, boolean bias) {
        float bound = (float) (1 / Math.sqrt(g.inPerGroup() * g.kernelH() * g.kernelW()));
        Conv2d layer = new Conv2d(g, Tensor.uniform(r, bound, g.outChannels(), g.inPerGroup(), g.kernelH(),
                g.kernelW()), bias ? Tensor.uniform(r, bound, g.outChannels()) : null);
        return new Case(label, layer, List.of(Tensor.randn(r, 1, 2, g.inChannels(), h, w)), false);
    }

    private static Case maxPool(Random r, String label, PoolWindow window, int h, int w) {
        return new Case(label, new MaxPool2d(window), List.of(distinct(r, 2, 3, h, w)), false);
    }

    private static Case avgPool(Random r, String label, PoolWindow window, boolean includePad, int h, int w) {
        return new Case(label, new AvgPool2d(window, includePad), List.of(Tensor.randn(r, 1, 2, 3, h, w)), false);
    }

    /** Distinct values in random order, spaced 0.02 apart and at least 0.01 away from zero. */
    static Tensor distinct(Random r, int... shape) {
        Tensor t = Tensor.zeros(shape);
        int n = t.size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, r);
        for (int i = 0; i < n; i++) {
            t.data()[i] = (float) ((order.get(i) - n / 2 + 0.5) * 0.02);
        }
        return t;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardMatchesDoubleFiniteDifferences(Case c) {
        Parallel parallel = Parallel.serial();
        Layer layer = c.layer();
        LayerOutput out = layer.forward(c.inputs(), new ForwardOptions(c.training(), 77, parallel));
        List<String> names = c.inputs().size() == 1 ? List.of("a") : List.of("a", "b");
        Step step = new Step(new Node("layer", layer, names), c.inputs(), out.value(), out.state(), parallel);

        List<double[]> params = DoubleReference.parameters(layer);
        List<D> in = c.inputs().stream().map(D::of).toList();
        D expected = DoubleReference.forward(layer, params, in, c.training(), out.state());
        assertThat(out.value().shape()).as("output shape").containsExactly(expected.shape());
        FiniteDifferences.assertMatches(c.label() + " forward", out.value().data(), expected.data(), 1e-5, 1e-6);

        Tensor probe = Tensor.randn(new Random(5), 1, out.value().shape());
        java.util.function.DoubleSupplier f =
                () -> DoubleReference.forward(layer, params, in, c.training(), out.state()).dot(probe);
        List<Tensor> grads = layer.backward(step, probe);
        assertThat(grads).hasSize(c.inputs().size());
        for (int k = 0; k < in.size(); k++) {
            assertThat(grads.get(k).shape()).containsExactly(c.inputs().get(k).shape());
            FiniteDifferences.assertMatches(c.label() + " d/dinput" + k, grads.get(k).data(),
                    FiniteDifferences.gradient(in.get(k).data(), f), RTOL, ATOL);
        }

        List<Tensor> paramGrads = parameterGradients(layer, step, probe, parallel);
        for (int p = 0; p < paramGrads.size(); p++) {
            FiniteDifferences.assertMatches(c.label() + " d/d" + layer.parameters().get(p).name(),
                    paramGrads.get(p).data(), FiniteDifferences.gradient(params.get(p), f), RTOL, ATOL);
        }
    }

    /** The trainable parameters' gradients from the layer's own accumulate method, in parameter order. */
    static List<Tensor> parameterGradients(Layer layer, Step step, Tensor gradOut, Parallel parallel) {
        if (layer instanceof LinearLayer lin) {
            Tensor gw = Tensor.zeros(lin.weight().shape());
            Tensor gb = lin.bias() == null ? null : Tensor.zeros(lin.bias().shape());
            lin.accumulateParameterGradients(step.input(), gradOut, gw, gb, parallel);
            return gb == null ? List.of(gw) : List.of(gw, gb);
        }
        if (layer instanceof BatchNorm2d bn) {
            Tensor gw = Tensor.zeros(bn.channels()), gb = Tensor.zeros(bn.channels());
            bn.accumulateParameterGradients(step, gradOut, gw, gb);
            return List.of(gw, gb);
        }
        return List.of();
    }
}
