package dev.loupe.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ToleranceTest {
    private final Tolerance tol = new Tolerance(0.1, 0.5);

    @Test
    void boundIsAtolPlusRtolTimesExpected() {
        // allowed at expected 10: 0.5 + 0.1·10 = 1.5
        assertThat(tol.accepts(11.5, 10)).isTrue();
        assertThat(tol.accepts(11.5001, 10)).isFalse();
        assertThat(tol.accepts(-11.5, -10)).isTrue();
        assertThat(tol.accepts(0.5, 0)).isTrue();
        assertThat(tol.accepts(0.5001, 0)).isFalse();
    }

    @Test
    void compareReportsLargestErrorAndWorstElement() {
        Tensor expected = Tensor.of(new float[] {0, 100, 1, 2}, 2, 2);
        // errors 0.4, 5, 0.5, 0.1; allowed 0.5, 10.5, 0.6, 0.7 → ratios 0.8, 0.476, 0.833, 0.143
        Tensor actual = Tensor.of(new float[] {0.4f, 105, 1.5f, 2.1f}, 2, 2);
        Tolerance.Comparison c = tol.compare(actual, expected);
        assertThat(c.passed()).isTrue();
        assertThat(c.maxError()).isCloseTo(5, within(1e-9));
        assertThat(c.maxErrorIndex()).isEqualTo(1);
        assertThat(c.worstIndex()).isEqualTo(2);
        assertThat(c.worstRatio()).isCloseTo(0.5 / 0.6, within(1e-6));
    }

    @Test
    void oneElementOutsideFailsAndIsTheWorst() {
        Tensor expected = Tensor.of(new float[] {1, 1, 1}, 3);
        Tolerance.Comparison c = tol.compare(Tensor.of(new float[] {1, 2, 1.1f}, 3), expected);
        assertThat(c.passed()).isFalse();
        assertThat(c.worstIndex()).isEqualTo(1);
        assertThat(c.worstRatio()).isCloseTo(1 / 0.6, within(1e-6));
        assertThat(c.actualAtWorst()).isEqualTo(2f);
        assertThat(c.expectedAtWorst()).isEqualTo(1f);
    }

    @Test
    void nanNeverPasses() {
        Tolerance.Comparison c = new Tolerance(1, 1).compare(Tensor.of(new float[] {0, Float.NaN}, 2),
                Tensor.of(new float[] {0, 0}, 2));
        assertThat(c.passed()).isFalse();
        assertThat(c.maxError()).isNaN();
        assertThat(c.worstIndex()).isEqualTo(1);
    }

    @Test
    void zeroToleranceAcceptsOnlyExactValues() {
        Tolerance exact = new Tolerance(0, 0);
        Tensor e = Tensor.of(new float[] {0, 3}, 2);
        assertThat(exact.compare(e.copy(), e).passed()).isTrue();
        assertThat(exact.compare(Tensor.of(new float[] {0, Math.nextUp(3f)}, 2), e).passed()).isFalse();
    }

    @Test
    void shapeMismatchAndNegativeTolerancesAreRejected() {
        assertThatThrownBy(() -> tol.compare(Tensor.zeros(2, 2), Tensor.zeros(4)))
                .isInstanceOf(LoupeException.class).hasMessageContaining("[2, 2]").hasMessageContaining("[4]");
        assertThatThrownBy(() -> new Tolerance(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
