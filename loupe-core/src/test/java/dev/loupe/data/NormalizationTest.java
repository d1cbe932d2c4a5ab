package dev.loupe.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NormalizationTest {
    private static Dataset dataset(float[] x, int n, int c, int h, int w) {
        return new Dataset(Tensor.wrap(x, n, c, h, w), new int[n], List.of("only"), "toy");
    }

    @Test
    void handComputedSingleChannel() {
        // values 0..7 over two 2 x 2 images: mean 3.5, population variance (2 * (3.5² + 2.5² + 1.5² + 0.5²)) / 8 = 5.25
        Normalization n = Normalization.compute(dataset(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 2, 1, 2, 2));
        assertThat(n.mean()[0]).isCloseTo(3.5, within(1e-12));
        assertThat(n.std()[0]).isCloseTo(Math.sqrt(5.25), within(1e-12));
    }

    @Test
    void channelsAreKeptApart() {
        // one 1 x 2 image: channel 0 = {1, 3} (mean 2, std 1), channel 1 = {10, 12} (mean 11, std 1)
        float[] x = {1, 3, 10, 12};
        Normalization n = Normalization.compute(dataset(x, 1, 2, 1, 2));
        assertThat(n.mean()).containsExactly(2.0, 11.0);
        assertThat(n.std()).containsExactly(1.0, 1.0);
    }

    @Test
    void matchesATwoPassOracleOnRandomData() {
        Random r = new Random(42);
        int n = 37;
        int c = 3;
        int plane = 5 * 4;
        float[] x = new float[n * c * plane];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 0.8 + 0.1 * (i % 3));
        }
        Normalization got = Normalization.compute(dataset(x, n, c, 5, 4));
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < plane; k++) {
                    sum += x[(i * c + ch) * plane + k];
                }
            }
            double mean = sum / (n * plane);
            double ss = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < plane; k++) {
                    double d = x[(i * c + ch) * plane + k] - mean;
                    ss += d * d;
                }
            }
            assertThat(got.mean()[ch]).isCloseTo(mean, within(1e-12));
            assertThat(got.std()[ch]).isCloseTo(Math.sqrt(ss / (n * plane)), within(1e-12));
        }
    }

    @Test
    void applyStandardizesAndInvertRestores() {
        Normalization n = new Normalization(new double[] {0.5, 1.0}, new double[] {0.25, 2.0});
        Tensor x = Tensor.of(new float[] {0.5f, 1.0f, 0f, 5f}, 1, 2, 1, 2);
        Tensor y = n.apply(x);
        assertThat(y.data()).containsExactly(0f, 2f, -0.5f, 2f);
        assertThat(x.data()).containsExactly(0.5f, 1.0f, 0f, 5f);
        assertThat(n.invert(y).data()).containsExactly(0.5f, 1.0f, 0f, 5f);
    }

    @Test
    void mnistConstants() {
        assertThat(Normalization.MNIST.mean()).containsExactly(0.1307);
        assertThat(Normalization.MNIST.std()).containsExactly(0.3081);
        Tensor y = Normalization.MNIST.apply(Tensor.full(0.1307f, 1, 1, 2, 2));
        assertThat(y.absMax()).isLessThan(1e-6f);
    }

    @Test
    void validates() {
        assertThatThrownBy(() -> new Normalization(new double[] {0}, new double[] {0}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Normalization(new double[] {0, 1}, new double[] {1}))
                .hasMessageContaining("one mean and one std per channel");
        assertThatThrownBy(() -> Normalization.MNIST.apply(Tensor.zeros(1, 3, 2, 2)))
                .hasMessageContaining("needs [N, 1, H, W]");
        assertThatThrownBy(() -> Normalization.compute(dataset(new float[] {2, 2}, 1, 1, 1, 2)))
                .hasMessageContaining("constant");
    }

    @Test
    void arraysAreCopiedAndEqualityIsByValue() {
        double[] mean = {0.1};
        Normalization n = new Normalization(mean, new double[] {0.2});
        mean[0] = 9;
        n.mean()[0] = 9;
        assertThat(n).isEqualTo(Normalization.of(0.1, 0.2));
        assertThat(n.hashCode()).isEqualTo(Normalization.of(0.1, 0.2).hashCode());
    }
}
