package dev.loupe.explain.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.explain.Attribution;
import dev.loupe.explain.Explainer;
import dev.loupe.explain.MethodRegistry;
import dev.loupe.explain.Target;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Flatten;
import dev.loupe.nn.Linear;
import dev.loupe.nn.Model;
import dev.loupe.nn.ReLU;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Tensor;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Zeiler &amp; Fergus's projections written out on Conv(1→2, k3) → ReLU: a reconstruction is the rectified seed
 * pushed through the transposed filters, {@code R[y, x] = Σ_c Σ_(oy, ox) max(s_c[oy, ox], 0) · w_c[y − oy, x − ox]}.
 */
class ProjectionTest {
    private final Random random = new Random(12);
    private final Tensor w = Tensor.randn(random, 1f, 2, 1, 3, 3);
    private final Model model = Model.builder("one-conv", 1, 5, 5)
            .add("conv", new Conv2d(ConvGeometry.square(1, 2, 3, 1, 0), w, Tensor.of(new float[] {0.2f, -0.1f}, 2)))
            .add("relu", new ReLU()).add("flatten", new Flatten())
            .add("fc", new Linear(Tensor.randn(random, 1f, 3, 18), null)).build();
    private final Tensor input = Tensor.randn(random, 1f, 1, 1, 5, 5);

    private float[] transposed(float[][] seed) {
        float[] r = new float[25];
        for (int c = 0; c < 2; c++) {
            for (int o = 0; o < 9; o++) {
                float s = Math.max(seed[c][o], 0);
                for (int k = 0; k < 9; k++) {
                    int y = o / 3 + k / 3, x = o % 3 + k % 3;
                    r[y * 5 + x] += s * w.data()[c * 9 + k];
                }
            }
        }
        return r;
    }

    @Test
    void aWholeFeatureMapProjectsItsFilter() {
        Attribution a = ModifiedBackprop.deconvNet().explain(model, input, new Target.Channel("relu", 1));
        float[][] seed = {new float[9], new float[9]};
        java.util.Arrays.fill(seed[1], 1f);
        assertThat(a.map().data()).containsExactly(transposed(seed), within(1e-5f));
    }

    @Test
    void allFeatureMapsProjectTheirActivations() {
        Explainer deconv = MethodRegistry.defaults().create("deconvnet", Map.of("seed", "activation"));
        Attribution a = deconv.explain(model, input, new Target.WholeLayer("relu"));
        float[] act = model.forward(input).activation("relu").data();
        float[][] seed = {java.util.Arrays.copyOfRange(act, 0, 9), java.util.Arrays.copyOfRange(act, 9, 18)};
        assertThat(a.map().data()).containsExactly(transposed(seed), within(1e-5f));
        double total = 0;
        for (float v : act) {
            total += v;
        }
        assertThat(a.scores()[0]).isCloseTo(total, within(1e-5));
    }

    @Test
    void aSingleActivationProjectsOneFilterCopy() {
        Attribution a = ModifiedBackprop.deconvNet().explain(model, input, new Target.Neuron("relu", 0, 2, 1));
        float[][] seed = {new float[9], new float[9]};
        seed[0][2 * 3 + 1] = 1f;
        assertThat(a.map().data()).containsExactly(transposed(seed), within(1e-6f));
    }

    /** Guided backprop differs from DeconvNet exactly by the forward mask: below an inactive unit it passes nothing. */
    @Test
    void guidedBackpropAlsoMasksByTheForwardPass() {
        float[] act = model.forward(input).activation("conv").data();
        int dead = -1;
        for (int i = 0; i < 9 && dead < 0; i++) {
            if (act[i] <= 0) {
                dead = i;
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(dead >= 0, "an inactive unit in channel 0");
        Target t = new Target.Neuron("relu", 0, dead / 3, dead % 3);
        assertThat(ModifiedBackprop.guidedBackprop().explain(model, input, t).map().absMax()).isZero();
        assertThat(ModifiedBackprop.deconvNet().explain(model, input, t).map().absMax()).isPositive();
    }
}
