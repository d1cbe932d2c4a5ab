package dev.loupe.explain.gradient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.LoupeException;
import org.junit.jupiter.api.Test;

class QuadratureTest {
    @Test
    void riemannRulesAsCaptumSpellsThem() {
        Quadrature left = Quadrature.of(Quadrature.Rule.LEFT, 4);
        assertThat(left.alphas()).containsExactly(0, 0.25, 0.5, 0.75);
        assertThat(left.weights()).containsExactly(0.25, 0.25, 0.25, 0.25);
        assertThat(Quadrature.of(Quadrature.Rule.RIGHT, 4).alphas()).containsExactly(0.25, 0.5, 0.75, 1);
        assertThat(Quadrature.of(Quadrature.Rule.MIDDLE, 4).alphas()).containsExactly(0.125, 0.375, 0.625, 0.875);
    }

    /** Captum's riemann_trapezoid: a_k = k/(n−1), weights 1/n with halved ends, summing to (n−1)/n. */
    @Test
    void trapezoidFollowsCaptumNotTheTextbook() {
        Quadrature t = Quadrature.of(Quadrature.Rule.TRAPEZOID, 5);
        assertThat(t.alphas()).containsExactly(0, 0.25, 0.5, 0.75, 1);
        assertThat(t.weights()).containsExactly(0.1, 0.2, 0.2, 0.2, 0.1);
        assertThatThrownBy(() -> Quadrature.of(Quadrature.Rule.TRAPEZOID, 1)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("at least 2 steps");
    }

    /** n-point Gauss–Legendre integrates polynomials up to degree 2n − 1 exactly: ∫₀¹ t^d dt = 1/(d + 1). */
    @Test
    void gaussLegendreIsExactForPolynomials() {
        for (int n : new int[] {1, 2, 5, 16, 51}) {
            Quadrature q = Quadrature.of(Quadrature.Rule.GAUSS_LEGENDRE, n);
            for (int d = 0; d <= 2 * n - 1; d += Math.max(1, n / 3)) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += q.weights()[k] * Math.pow(q.alphas()[k], d);
                }
                assertThat(s).as("n=%d degree %d", n, d).isCloseTo(1.0 / (d + 1), within(1e-12));
            }
            double[] a = q.alphas();
            for (int k = 1; k < n; k++) {
                assertThat(a[k]).isGreaterThan(a[k - 1]);
            }
        }
        assertThat(Quadrature.of(Quadrature.Rule.GAUSS_LEGENDRE, 1).alphas()).containsExactly(0.5);
    }

    @Test
    void explicitPointsAreChecked() {
        assertThatThrownBy(() -> new Quadrature(new double[] {0, 1}, new double[] {1}))
                .isInstanceOf(LoupeException.class).hasMessageContaining("as many weights");
        assertThatThrownBy(() -> new Quadrature(new double[] {1.5}, new double[] {1}))
                .isInstanceOf(LoupeException.class).hasMessageContaining("outside [0, 1]");
    }
}
