package dev.loupe.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.DoubleSupplier;

/** Central finite differences in double precision, and the comparison of a float gradient with them. */
final class FiniteDifferences {
    /** The step: small enough for a negligible O(h²) error, large enough for double round-off (~1e-10 relative). */
    static final double H = 1e-6;

    private FiniteDifferences() {
    }

    /** {@code ∂f/∂x[i]} for the listed {@code i}; {@code x} is perturbed in place and restored. */
    static double[] gradient(double[] x, int[] indices, DoubleSupplier f) {
        double[] g = new double[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            double keep = x[i];
            x[i] = keep + H;
            double up = f.getAsDouble();
            x[i] = keep - H;
            double down = f.getAsDouble();
            x[i] = keep;
            g[k] = (up - down) / (2 * H);
        }
        return g;
    }

    /** {@code ∂f/∂x[i]} for every {@code i}. */
    static double[] gradient(double[] x, DoubleSupplier f) {
        return gradient(x, all(x.length), f);
    }

    static int[] all(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }

    /** Every {@code stride}-th index from {@code offset}, and always the last one. */
    static int[] every(int n, int stride, int offset) {
        java.util.List<Integer> list = new java.util.ArrayList<>();
        for (int i = Math.min(offset, n - 1); i < n; i += stride) {
            list.add(i);
        }
        if (list.get(list.size() - 1) != n - 1) {
            list.add(n - 1);
        }
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Asserts {@code |analytic[indices[k]] − numeric[k]| ≤ rtol·|numeric[k]| + atol·max|numeric|} for every k, and
     * that the gradient is not trivially zero.
     */
    static void assertMatches(String what, float[] analytic, int[] indices, double[] numeric, double rtol,
                              double atol) {
        assertMatches(what, analytic, indices, numeric, rtol, atol, 0);
    }

    /**
     * As {@link #assertMatches(String, float[], int[], double[], double, double)} with the absolute part scaled by
     * at least {@code minScale}: for gradients that are (nearly) zero in exact arithmetic, such as a convolution bias
     * followed by a training-mode batch norm, whose float values are pure round-off at the level of the layer's
     * other gradients. Returns {@code max|numeric|}.
     */
    static double assertMatches(String what, float[] analytic, int[] indices, double[] numeric, double rtol,
                                double atol, double minScale) {
        double scale = 0;
        for (double v : numeric) {
            scale = Math.max(scale, Math.abs(v));
        }
        double own = scale;
        scale = Math.max(scale, minScale);
        assertThat(scale).as("%s: the numeric gradient is zero, the check would be vacuous", what).isGreaterThan(0);
        double worst = 0;
        int worstAt = -1;
        for (int k = 0; k < indices.length; k++) {
            double err = Math.abs(analytic[indices[k]] - numeric[k]);
            double ratio = err / (rtol * Math.abs(numeric[k]) + atol * scale);
            if (!(ratio <= worst)) {
                worst = ratio;
                worstAt = k;
            }
        }
        int k = worstAt;
        assertThat(worst).as("%s: worst element %d: analytic %s, numeric %s (max |numeric| %s); error/tolerance",
                what, k < 0 ? -1 : indices[k], k < 0 ? "-" : analytic[indices[k]], k < 0 ? "-" : numeric[k], scale)
                .isLessThanOrEqualTo(1.0);
        return own;
    }

    static void assertMatches(String what, float[] analytic, double[] numeric, double rtol, double atol) {
        assertMatches(what, analytic, all(numeric.length), numeric, rtol, atol);
    }
}
