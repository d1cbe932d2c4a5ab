package dev.loupe.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.explain.cam.GradCam;
import dev.loupe.explain.cam.GuidedGradCam;
import dev.loupe.explain.cam.Interpolation;
import dev.loupe.explain.gradient.Baseline;
import dev.loupe.explain.gradient.IntegratedGradients;
import dev.loupe.explain.gradient.Quadrature;
import dev.loupe.explain.propagation.ModifiedBackprop;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Flatten;
import dev.loupe.nn.Linear;
import dev.loupe.nn.Model;
import dev.loupe.nn.ReLU;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed facts from Captum's own test suite ({@code tests/attr}), on its tiny models: the values below are
 * the ones Captum asserts, so these tests compare Loupe with Captum on networks small enough to check by hand.
 */
class CaptumFactsTest {
    private static final Target FIRST = new Target.ClassIndex(0);

    /**
     * Captum's {@code BasicModel_ConvNet_One_Conv}: Conv2d(1→2, k3) with all-ones weights and biases [−50, −75],
     * ReLU, flatten, Linear(8→4) with weights [ones(4, 5) | −ones(4, 3)] and zero bias, ReLU.
     */
    static Model oneConv() {
        Tensor w1 = Tensor.full(1f, 2, 1, 3, 3);
        Tensor b1 = Tensor.of(new float[] {-50, -75}, 2);
        Tensor w2 = Tensor.zeros(4, 8);
        for (int o = 0; o < 4; o++) {
            for (int i = 0; i < 8; i++) {
                w2.set(i < 5 ? 1f : -1f, o, i);
            }
        }
        return Model.builder("one-conv", 1, 4, 4)
                .add("conv1", new Conv2d(ConvGeometry.square(1, 2, 3, 1, 0), w1, b1))
                .add("relu1", new ReLU()).add("flatten", new Flatten())
                .add("fc1", new Linear(w2, Tensor.zeros(4))).add("relu2", new ReLU()).build();
    }

    static Tensor arange16() {
        Tensor x = Tensor.zeros(1, 1, 4, 4);
        for (int i = 0; i < 16; i++) {
            x.data()[i] = i;
        }
        return x;
    }

    @Test
    void deconvNetOnOneConv() {
        Attribution a = ModifiedBackprop.deconvNet().explain(oneConv(), arange16(), FIRST);
        assertMap(a.map(), new float[] {2, 3, 3, 1, 3, 5, 5, 2, 3, 5, 5, 2, 1, 2, 2, 1});
    }

    @Test
    void guidedBackpropOnOneConv() {
        Attribution a = ModifiedBackprop.guidedBackprop().explain(oneConv(), arange16(), FIRST);
        assertMap(a.map(), new float[] {0, 1, 1, 1, 1, 3, 3, 2, 1, 3, 3, 2, 1, 2, 2, 1});
    }

    @Test
    void gradCamOnTheConvolutionOutputWithoutReLU() {
        Attribution a = new GradCam("conv1", false).explain(oneConv(), arange16(), FIRST);
        assertMap(a.extra("layer_map"), new float[] {11.25f, 13.5f, 20.25f, 22.5f});
        assertThat(a.map().shape()).containsExactly(1, 1, 4, 4);
    }

    @Test
    void gradCamOnTheReLUOutput() {
        Attribution a = new GradCam("relu1", false).explain(oneConv(), arange16(), FIRST);
        assertMap(a.extra("layer_map"), new float[] {0, 4, 28, 32.5f});
    }

    /**
     * Captum asserts these values with the layer {@code net.relu1} (the convolution block's output): guided backprop
     * times the Grad-CAM map [0, 4; 28, 32.5] resized by nearest neighbour.
     */
    @Test
    void guidedGradCamOnTheConvolutionBlock() {
        Attribution a = GuidedGradCam.on("relu1", Interpolation.NEAREST).explain(oneConv(), arange16(), FIRST);
        assertMap(a.map(), new float[] {0, 0, 4, 4, 0, 0, 12, 8, 28, 84, 97.5f, 65, 28, 56, 65, 32.5f});
    }

    /** Captum's {@code BasicModel2}-style f(x1, x2) = ReLU(ReLU(x1) − 1 − ReLU(x2)) at (3, 1), baseline 0. */
    @Test
    void integratedGradientsOnTheTwoInputRelu() {
        Model f = Model.builder("two-relu", 2)
                .add("id", new Linear(Tensor.of(new float[] {1, 0, 0, 1}, 2, 2), null)).add("relu1", new ReLU())
                .add("diff", new Linear(Tensor.of(new float[] {1, -1}, 1, 2), Tensor.of(new float[] {-1}, 1)))
                .add("relu2", new ReLU()).build();
        Tensor x = Tensor.of(new float[] {3, 1}, 1, 2);
        Attribution a = new IntegratedGradients(Quadrature.of(Quadrature.Rule.GAUSS_LEGENDRE, 200),
                new Baseline.Constant(0f), 64).explain(f, x, FIRST);
        assertThat(a.map().data()[0]).isCloseTo(1.5f, within(0.01f));
        assertThat(a.map().data()[1]).isCloseTo(-0.5f, within(0.01f));
        // completeness: F(3, 1) − F(0, 0) = 1
        assertThat(a.extra("convergence_delta").data()[0]).isCloseTo(0f, within(0.02f));
        // the midpoint rule with an even step count never samples the kink at t = ½ and is exact here
        Attribution mid = IntegratedGradients.of(Quadrature.Rule.MIDDLE, 10).explain(f, x, FIRST);
        assertThat(mid.map().data()).containsExactly(new float[] {1.5f, -0.5f}, within(1e-6f));
    }

    private static void assertMap(Tensor actual, float[] expected) {
        assertThat(actual.data()).containsExactly(expected, within(1e-4f));
    }
}
