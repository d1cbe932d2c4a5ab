package dev.loupe.explain.synthesis;

import dev.loupe.LoupeException;

/**
 * The image priors of Yosinski et al., "Understanding Neural Networks Through Deep Visualization" (ICML Deep
 * Learning Workshop 2015, Sec. 3), applied by {@link ActivationMaximization} around each ascent step. They combine
 * freely; the ones that change the image run after the update, in list order.
 */
public sealed interface Regularizer {

    /** Multiplies the image by {@code 1 − decay} after each step (L2 decay). */
    record L2Decay(double decay) implements Regularizer {
        public L2Decay {
            if (!(decay >= 0 && decay < 1)) {
                throw new LoupeException("L2 decay must be in [0, 1), got " + decay);
            }
        }
    }

    /** Gaussian blur of standard deviation {@code sigma} pixels every {@code every} steps. */
    record Blur(double sigma, int every) implements Regularizer {
        public Blur {
            if (!(sigma > 0) || every < 1) {
                throw new LoupeException("blur needs sigma > 0 and every ≥ 1, got sigma " + sigma + ", every "
                        + every);
            }
        }
    }

    /** Sets to 0 the pixels whose norm over the channels is below the given percentile (0–100). */
    record NormClip(double percentile) implements Regularizer {
        public NormClip {
            checkPercentile(percentile);
        }
    }

    /**
     * Sets to 0 the pixels whose contribution {@code Σ_c |x_c · ∂J/∂x_c|} (the first-order change of the
     * objective when the pixel is zeroed) is below the given percentile (0–100).
     */
    record ContributionClip(double percentile) implements Regularizer {
        public ContributionClip {
            checkPercentile(percentile);
        }
    }

    /**
     * Shifts the image circularly by a random offset of up to {@code pixels} in each direction before computing the
     * gradient, and the gradient back (Mordvintsev et al.'s jitter), so no single pixel grid is optimized.
     */
    record Jitter(int pixels) implements Regularizer {
        public Jitter {
            if (pixels < 0) {
                throw new LoupeException("jitter must be non-negative, got " + pixels);
            }
        }
    }

    /** Clamps every value into {@code [min, max]}, the range of real inputs (in input units). */
    record Range(double min, double max) implements Regularizer {
        public Range {
            if (!(min < max)) {
                throw new LoupeException("range needs min < max, got " + min + ", " + max);
            }
        }
    }

    private static void checkPercentile(double percentile) {
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new LoupeException("clipping percentile must be in [0, 100], got " + percentile);
        }
    }
}
