package dev.loupe.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link KernelBench} runs and reports a rate; how fast it is belongs to benchmarks, not tests. */
class KernelBenchTest {
    @Test
    void reportsAPositiveFiniteRate() {
        assertThat(KernelBench.gemmGflops(8, 40, 9, Parallel.serial(), 0.02)).isPositive().isFinite();
        assertThat(KernelBench.convForwardGflops(ConvGeometry.square(2, 3, 3, 1, 1), 2, 6, 6, Parallel.of(2), 0.02))
                .isPositive().isFinite();
    }

    @Test
    void rejectsEmptyWork() {
        assertThatThrownBy(() -> KernelBench.gemmGflops(0, 4, 4, Parallel.serial(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m=0");
        assertThatThrownBy(() -> KernelBench.gemmGflops(4, 4, 4, Parallel.serial(), 0))
                .hasMessageContaining("seconds=0");
    }
}
