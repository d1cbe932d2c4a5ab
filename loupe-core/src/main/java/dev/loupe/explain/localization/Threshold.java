package dev.loupe.explain.localization;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Statistics;

/** Which pixels of a map count as salient: those at or above a quantile of the map, or a fixed value. */
public sealed interface Threshold {

    /** The threshold value for a map with these values. */
    double resolve(double[] values);

    /** The q-quantile of the map's values, {@code 0 ≤ q ≤ 1} (Simonyan et al. keep the top 5%: q = 0.95). */
    record Quantile(double q) implements Threshold {
        public Quantile {
            if (!(q >= 0 && q <= 1)) {
                throw new LoupeException("localization quantile must be in [0, 1], got " + q);
            }
        }

        @Override
        public double resolve(double[] values) {
            return Statistics.quantile(values, q);
        }
    }

    /** A fixed value in the map's units. */
    record Value(double value) implements Threshold {
        @Override
        public double resolve(double[] values) {
            return value;
        }
    }
}
