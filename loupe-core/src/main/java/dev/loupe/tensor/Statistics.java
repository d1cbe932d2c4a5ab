package dev.loupe.tensor;

import java.util.Arrays;

/** Order statistics shared by thresholding and clipping code. */
public final class Statistics {
    private Statistics() {
    }

    /**
     * The {@code q}-quantile ({@code 0 ≤ q ≤ 1}) of {@code values} with linear interpolation between order statistics
     * (NumPy's default): position {@code q·(n − 1)} in the sorted values.
     *
     * @throws IllegalArgumentException for no values or q outside [0, 1]
     */
    public static double quantile(double[] values, double q) {
        if (values.length == 0 || !(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile " + q + " of " + values.length + " values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos), hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
