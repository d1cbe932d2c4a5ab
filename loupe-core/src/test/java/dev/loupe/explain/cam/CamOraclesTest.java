package dev.loupe.explain.cam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.LoupeException;
import dev.loupe.explain.Attribution;
import dev.loupe.explain.Target;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Flatten;
import dev.loupe.nn.GlobalAvgPool;
import dev.loupe.nn.Linear;
import dev.loupe.nn.Model;
import dev.loupe.nn.ReLU;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Grad-CAM++, Score-CAM and Grad-CAM against their formulas written out on a tiny net whose convolution keeps the
 * input size (so no resizing is involved): Conv(1→2, k3, pad 1) → global average pool → Linear(2→3).
 */
class CamOraclesTest {
    private final Random random = new Random(6);
    private final Model model = Model.builder("tiny-cam", 1, 5, 5)
            .add("conv", new Conv2d(ConvGeometry.square(1, 2, 3, 1, 1), Tensor.randn(random, 0.5f, 2, 1, 3, 3),
                    Tensor.of(new float[] {0.1f, -0.2f}, 2)))
            .add("gap", new GlobalAvgPool()).add("flatten", new Flatten())
            .add("fc", new Linear(Tensor.of(new float[] {1.5f, -0.5f, -1, 2, 0.3f, 0.7f}, 3, 2), Tensor.zeros(3)))
            .build();
    private final Tensor input = Tensor.randn(random, 1f, 2, 1, 5, 5);
    private final Target target = new Target.ClassIndex(0);

    /** With a pooled linear head dS/dA_c = v_c/25 everywhere, so Grad-CAM's weight is v_c/25. */
    @Test
    void gradCamWeighsByTheHeadWeights() {
        Attribution a = new GradCam("", false).explain(model, input, target);
        Tensor act = model.forward(input).activation("conv");
        float[] m = a.extra("layer_map").data();
        for (int i = 0; i < 2; i++) {
            for (int p = 0; p < 25; p++) {
                double e = 1.5 / 25 * act.data()[(i * 2) * 25 + p] - 0.5 / 25 * act.data()[(i * 2 + 1) * 25 + p];
                assertThat(m[i * 25 + p]).isCloseTo((float) e, within(1e-6f));
            }
        }
        assertThat(a.map().data()).containsExactly(m);
    }

    /** α = g²/(2g² + ΣA·g³ + 1e-6) with g = v_c/25 constant, so w_c = 25·α·max(g, 0). */
    @Test
    void gradCamPlusPlusClosedForm() {
        Attribution a = new GradCamPlusPlus("conv", true).explain(model, input, new Target.ClassIndex(1));
        Tensor act = model.forward(input).activation("conv");
        double[] v = {-1, 2};
        for (int i = 0; i < 2; i++) {
            double[] w = new double[2];
            for (int c = 0; c < 2; c++) {
                double g = v[c] / 25, sumA = 0;
                for (int p = 0; p < 25; p++) {
                    sumA += act.data()[(i * 2 + c) * 25 + p];
                }
                w[c] = 25 * g * g / (2 * g * g + sumA * g * g * g + 1e-6) * Math.max(g, 0);
            }
            assertThat(w[0]).isZero();
            for (int p = 0; p < 25; p++) {
                double e = Math.max(0, w[0] * act.data()[(i * 2) * 25 + p] + w[1] * act.data()[(i * 2 + 1) * 25 + p]);
                assertThat(a.map().data()[i * 25 + p]).isCloseTo((float) e, within(1e-5f));
            }
        }
    }

    /**
     * Masks are the min–max normalised channels (the layer keeps the input size, so no resizing), weights the
     * softmax of the masked inputs' scores.
     */
    @Test
    void scoreCamWrittenOut() {
        Attribution a = new ScoreCam("conv", 3).explain(model, input, target);
        Tensor act = model.forward(input).activation("conv");
        for (int i = 0; i < 2; i++) {
            double[] s = new double[2];
            for (int c = 0; c < 2; c++) {
                float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
                for (int p = 0; p < 25; p++) {
                    lo = Math.min(lo, act.data()[(i * 2 + c) * 25 + p]);
                    hi = Math.max(hi, act.data()[(i * 2 + c) * 25 + p]);
                }
                Tensor masked = Tensor.zeros(1, 1, 5, 5);
                for (int p = 0; p < 25; p++) {
                    masked.data()[p] = input.data()[i * 25 + p] * (act.data()[(i * 2 + c) * 25 + p] - lo) / (hi - lo + 1e-8f);
                }
                s[c] = model.predict(masked).get(0, 0);
            }
            double w0 = 1 / (1 + Math.exp(s[1] - s[0])), w1 = 1 - w0;
            for (int p = 0; p < 25; p++) {
                double e = Math.max(0, w0 * act.data()[(i * 2) * 25 + p] + w1 * act.data()[(i * 2 + 1) * 25 + p]);
                assertThat(a.map().data()[i * 25 + p]).isCloseTo((float) e, within(1e-5f));
            }
        }
    }

    @Test
    void layerErrorsAreOneLine() {
        Model seednet = Architectures.create("seednet", 1);
        Tensor x = Tensor.zeros(1, 1, 28, 28);
        assertThatThrownBy(() -> new GradCam("fc1", true).explain(seednet, x, target))
                .isInstanceOf(LoupeException.class).hasMessageContaining("gradcam needs a spatial layer")
                .hasMessageContaining("conv2").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> new ScoreCam("conv9", 4).explain(seednet, x, target))
                .isInstanceOf(LoupeException.class).hasMessageContaining("no layer named 'conv9'")
                .hasMessageContaining("relu2");
        assertThatThrownBy(() -> new GradCam("", true).explain(seednet, x, new Target.ClassIndex(10)))
                .isInstanceOf(LoupeException.class).hasMessageContaining("out of range");
        Model dense = Model.builder("dense", 4).add("fc", new Linear(Tensor.zeros(2, 4), null))
                .add("relu", new ReLU()).build();
        assertThatThrownBy(() -> new GradCamPlusPlus("", true).explain(dense, Tensor.zeros(1, 4), target))
                .isInstanceOf(LoupeException.class).hasMessageContaining("has no convolution");
        Attribution byDefault = new GradCam("", true).explain(seednet, x, target);
        assertThat(byDefault.provenance().parameters()).containsEntry("layer", "conv2");
        assertThat(byDefault.extra("layer_map").shape()).containsExactly(1, 1, 8, 8);
    }
}
