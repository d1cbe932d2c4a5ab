package dev.loupe.render;

/**
 * The data values {@code low} and {@code high} that a heatmap paints with its colormap's first and last colour.
 *
 * @param low  the value shown as {@code t = 0}
 * @param high the value shown as {@code t = 1}; greater than {@code low}
 */
public record ValueRange(double low, double high) {
    public ValueRange {
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(high > low)) {
            throw new IllegalArgumentException("value range needs finite low < high, got [" + low + ", " + high + "]");
        }
    }

    /** The range {@code [-m, m]}, centred at zero. */
    public static ValueRange symmetric(double m) {
        return new ValueRange(-m, m);
    }

    /** The colormap position of {@code value}: 0 at {@code low}, 1 at {@code high}, not clamped. */
    public double position(double value) {
        return (value - low) / (high - low);
    }

    /** True when zero sits exactly in the middle. */
    public boolean isSymmetric() {
        return low == -high;
    }
}
