package dev.loupe.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CrossEntropyTest {

    @Test
    void lossOfOneRowMatchesHandComputedValue() {
        // −log(e³ / (e¹ + e² + e³)) = log(e¹ + e² + e³) − 3 = 0.4076059644…
        CrossEntropy.Result r = CrossEntropy.of(Tensor.of(new float[] {1, 2, 3}, 1, 3), new int[] {2});
        assertThat(r.loss()).isCloseTo(0.40760596444438013, within(1e-6));
        assertThat(r.correct()).isEqualTo(1);
        // gradient: softmax − onehot = (0.0900306, 0.2447285, 0.6652410 − 1)
        assertThat(r.gradient().data()).containsExactly(new float[] {0.09003057f, 0.24472847f, -0.33475904f},
                org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheMeanLoss() {
        Random random = new Random(5);
        int n = 4, k = 7;
        Tensor logits = Tensor.randn(random, 3f, n, k);
        int[] labels = {0, 6, 3, 3};
        CrossEntropy.Result r = CrossEntropy.of(logits, labels);
        double h = 1e-3;
        for (int i = 0; i < n * k; i++) {
            double[] z = toDouble(logits);
            z[i] += h;
            double up = meanLossInDouble(z, labels, k);
            z[i] -= 2 * h;
            double down = meanLossInDouble(z, labels, k);
            assertThat((double) r.gradient().data()[i]).as("dL/dz[%d]", i)
                    .isCloseTo((up - down) / (2 * h), within(2e-5));
        }
        assertThat(r.loss()).isCloseTo(meanLossInDouble(toDouble(logits), labels, k), within(1e-6));
    }

    @Test
    void hugeLogitsStayFinite() {
        CrossEntropy.Result r = CrossEntropy.of(Tensor.of(new float[] {1000f, 0f, -1000f, 1000f}, 2, 2),
                new int[] {1, 0});
        // row 1: loss 1000, row 2: loss 2000 (log(e^-1000 + e^1000) ≈ 1000)
        assertThat(r.loss()).isCloseTo(1500, within(1e-3));
        assertThat(r.gradient().data()).containsExactly(new float[] {0.5f, -0.5f, -0.5f, 0.5f},
                org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(r.correct()).isZero();
    }

    @Test
    void rejectsLabelsOutsideTheClasses() {
        assertThatThrownBy(() -> CrossEntropy.of(Tensor.zeros(1, 3), new int[] {3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 3");
    }

    /** The definition, independently: −log(exp(z_y) / Σ exp(z_j)) averaged over rows, without shifting. */
    private static double meanLossInDouble(double[] z, int[] labels, int k) {
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(z[i * k + j]);
            }
            total += -Math.log(Math.exp(z[i * k + labels[i]]) / sum);
        }
        return total / labels.length;
    }

    private static double[] toDouble(Tensor t) {
        double[] d = new double[t.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = t.data()[i];
        }
        return d;
    }
}
