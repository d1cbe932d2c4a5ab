package dev.loupe.explain.gradient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.explain.Attribution;
import dev.loupe.explain.Target;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntegratedGradientsTest {
    private final Model model = Architectures.create("seednet", 4);
    private final Tensor input = Tensor.randn(new Random(2), 1f, 2, 1, 28, 28);

    /** Completeness (Sundararajan et al.): Σ attribution = F(x) − F(x'), up to the quadrature error. */
    @Test
    void attributionsAddUpToTheScoreDifference() {
        Attribution a = new IntegratedGradients(Quadrature.of(Quadrature.Rule.GAUSS_LEGENDRE, 128),
                new Baseline.Constant(0f), 64).explain(model, input, new Target.ClassIndex(3));
        Tensor delta = a.extra("convergence_delta");
        double[] sums = a.map().sumPerItem();
        for (int i = 0; i < 2; i++) {
            double gap = a.scores()[i] - model.predict(Tensor.zeros(1, 1, 28, 28)).get(0, 3);
            assertThat(delta.get(i)).isCloseTo((float) (sums[i] - gap), within(1e-4f));
            assertThat(Math.abs(delta.get(i))).as("delta of image %d vs gap %s", i, gap)
                    .isLessThan((float) (0.01 * Math.max(1, Math.abs(gap))));
        }
    }

    @Test
    void theInternalBatchOnlyChangesMemory() {
        Quadrature q = Quadrature.of(Quadrature.Rule.MIDDLE, 7);
        Attribution one = new IntegratedGradients(q, new Baseline.Constant(0f), 1).explain(model, input,
                new Target.Predicted());
        Attribution all = new IntegratedGradients(q, new Baseline.Constant(0f), 100).explain(model, input,
                new Target.Predicted());
        assertThat(one.map().data()).containsExactly(all.map().data(), within(1e-6f));
        assertThat(one.provenance().parameters()).containsEntry("rule", "middle").containsEntry("steps", "7")
                .containsEntry("baseline", "zero");
        assertThat(one.provenance().modelDigest()).isEqualTo(model.digest());
    }

    @Test
    void theInputAsItsOwnBaselineGetsNothing() {
        Attribution a = new IntegratedGradients(Quadrature.of(Quadrature.Rule.LEFT, 4), new Baseline.Image(input), 8)
                .explain(model, input, new Target.ClassIndex(1));
        assertThat(a.map().absMax()).isZero();
        assertThat(a.extra("convergence_delta").absMax()).isZero();
    }

    @Test
    void baselines() {
        Tensor flat = Tensor.full(0.7f, 1, 2, 5, 6);
        assertThat(new Baseline.Blurred(1.5).of(flat).data()).containsOnly(0.7f);
        Tensor dot = Tensor.zeros(1, 1, 9, 9);
        dot.set(1f, 0, 0, 4, 4);
        Tensor blurred = new Baseline.Blurred(1).of(dot);
        assertThat(blurred.sum()).isCloseTo(1.0, within(1e-5));
        assertThat(blurred.get(0, 0, 4, 4)).isLessThan(0.2f);
        assertThat(blurred.get(0, 0, 4, 5)).isEqualTo(blurred.get(0, 0, 5, 4));
        Tensor mean = Tensor.full(0.25f, 1, 28, 28);
        assertThat(new Baseline.Image(mean).of(input).shape()).containsExactly(2, 1, 28, 28);
        assertThat(Baseline.parse("zero")).isEqualTo(new Baseline.Constant(0f));
        assertThat(Baseline.parse("-0.42")).isEqualTo(new Baseline.Constant(-0.42f));
        assertThat(Baseline.parse("blur:2")).isEqualTo(new Baseline.Blurred(2));
    }
}
