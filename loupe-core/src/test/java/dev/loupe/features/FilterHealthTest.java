package dev.loupe.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.LoupeException;
import dev.loupe.data.Dataset;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Model;
import dev.loupe.nn.ReLU;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class FilterHealthTest {

    private static Tensor filter(int k, java.util.function.IntBinaryOperator value) {
        Tensor f = Tensor.zeros(k, k);
        for (int y = 0; y < k; y++) {
            for (int x = 0; x < k; x++) {
                f.set(value.applyAsInt(y, x), y, x);
            }
        }
        return f;
    }

    @Test
    void constantFilterIsLowFrequency() {
        FilterSpectrum s = FilterSpectrum.of(filter(5, (y, x) -> 1), 16);
        assertThat(s.low()).isGreaterThan(0.8).isGreaterThan(s.mid()).isGreaterThan(s.high());
        assertThat(s.high()).isLessThan(0.07);
        // all of the zero-frequency energy: |F(0,0)| = Σw = 25
        assertThat(s.magnitude().get(0, 0)).isCloseTo(25f, within(1e-4f));
        // with no padding the constant filter is a pure zero frequency: everything in the low band
        assertThat(FilterSpectrum.of(filter(5, (y, x) -> 1), 5).low()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void checkerboardIsHighFrequency() {
        FilterSpectrum s = FilterSpectrum.of(filter(4, (y, x) -> (y + x) % 2 == 0 ? 1 : -1), 16);
        assertThat(s.high()).isGreaterThan(0.99);
        // the even checkerboard is the Nyquist frequency itself: |F(8,8)| = 16
        assertThat(s.magnitude().get(8, 8)).isCloseTo(16f, within(1e-4f));
        assertThat(FilterSpectrum.of(filter(5, (y, x) -> (y + x) % 2 == 0 ? 1 : -1), 16).high()).isGreaterThan(0.99);
    }

    @Test
    void parsevalAndFractionsSumToOne() {
        Tensor f = Tensor.randn(new java.util.Random(3), 1f, 5, 5);
        FilterSpectrum s = FilterSpectrum.of(f, 16);
        double sq = 0;
        for (float v : f.data()) {
            sq += v * v;
        }
        assertThat(s.energy()).isCloseTo(256 * sq, within(1e-6 * 256 * sq));
        assertThat(s.low() + s.mid() + s.high()).isCloseTo(1.0, within(1e-12));
        assertThatThrownBy(() -> FilterSpectrum.of(f, 4)).isInstanceOf(LoupeException.class)
                .hasMessage("a 5x5 filter does not fit a 4x4 DFT");
    }

    @Test
    void firstLayerFiltersOfSeednet() {
        Model m = Architectures.create("seednet", 2);
        assertThat(FilterBank.firstConvolution(m)).isEqualTo("conv1");
        List<Tensor> filters = FilterBank.filters(m, "conv1");
        Tensor w = ((Conv2d) m.node("conv1").layer()).weight();
        assertThat(filters).hasSize(10);
        assertThat(filters.get(7).shape()).containsExactly(1, 5, 5);
        assertThat(filters.get(7).get(0, 2, 3)).isEqualTo(w.get(7, 0, 2, 3));
        assertThat(FilterBank.spectra(m, "conv2", 16)).hasSize(20);
        assertThatThrownBy(() -> FilterBank.filters(m, "relu1")).isInstanceOf(LoupeException.class)
                .hasMessage("layer relu1 is not a convolution; convolutions are: conv1, conv2");
    }

    @Test
    void deadUnitsAndSparsity() {
        // unit 0: negative weights and bias never fire on [0, 1] images; unit 1: a centre-surround filter, sometimes
        Tensor w = Tensor.zeros(2, 1, 3, 3);
        for (int i = 0; i < 9; i++) {
            w.data()[i] = -1f;
            w.data()[9 + i] = i == 4 ? 8f : -1f;
        }
        Model m = Model.builder("tiny", 1, 28, 28)
                .add("conv", new Conv2d(ConvGeometry.square(1, 2, 3, 1, 0), w, Tensor.of(new float[] {-0.1f, 0f}, 2)))
                .add("relu", new ReLU()).build();
        Dataset data = TestNets.random(10, 4);
        List<ActivationHealth.LayerHealth> health = ActivationHealth.measure(m, data, UnaryOperator.identity(),
                List.of("relu"), 3, Parallel.serial(), ProgressListener.NONE);
        Tensor out = m.forward(data.images()).activation("relu");
        long zeros = 0;
        for (float v : out.data()) {
            zeros += v == 0f ? 1 : 0;
        }
        assertThat(health).hasSize(1);
        assertThat(health.get(0).deadUnits()).containsExactly(0);
        assertThat(health.get(0).units()).isEqualTo(2);
        assertThat(health.get(0).sparsity()).isEqualTo(zeros / (double) out.size());
        assertThat(health.get(0).sparsity()).isBetween(0.5, 1.0);
    }
}
