package dev.loupe.embedding;

import dev.loupe.LoupeException;

/**
 * The settings of a t-SNE run (van der Maaten &amp; Hinton, 2008; Barnes–Hut: van der Maaten, 2014). Defaults follow
 * scikit-learn 1.2: perplexity 30, early exaggeration 12 for 250 iterations with momentum 0.5, then momentum 0.8,
 * 1,000 iterations, learning rate {@code max(n / 12 / 4, 50)}, θ = 0.5 and PCA initialisation scaled to a standard
 * deviation of 1e-4.
 *
 * @param perplexity             effective number of neighbours, 3·perplexity of which are searched exactly
 * @param iterations             total gradient steps
 * @param earlyExaggeration      factor applied to P during the first phase
 * @param exaggerationIterations length of the first phase
 * @param learningRate           step size; NaN for scikit-learn's "auto"
 * @param theta                  Barnes–Hut opening angle; 0 gives the exact O(n²) gradient
 * @param pcaInit                PCA initialisation, otherwise N(0, 1e-4²)
 * @param seed                   seed of the random initialisation
 */
public record TsneConfig(double perplexity, int iterations, double earlyExaggeration, int exaggerationIterations,
                         double learningRate, double theta, boolean pcaInit, long seed) {
    public TsneConfig {
        if (!(perplexity > 0)) {
            throw new LoupeException("perplexity must be positive, got " + perplexity);
        }
        if (iterations < 1 || exaggerationIterations < 0) {
            throw new LoupeException("iterations must be positive, got " + iterations);
        }
        if (!(earlyExaggeration >= 1) || !(theta >= 0) || learningRate <= 0) {
            throw new LoupeException("early exaggeration must be ≥ 1, θ ≥ 0 and the learning rate positive");
        }
    }

    /** scikit-learn's defaults with the given seed. */
    public static TsneConfig defaults(long seed) {
        return new TsneConfig(30, 1000, 12, 250, Double.NaN, 0.5, true, seed);
    }

    /** The same settings with another perplexity. */
    public TsneConfig withPerplexity(double p) {
        return new TsneConfig(p, iterations, earlyExaggeration, exaggerationIterations, learningRate, theta, pcaInit,
                seed);
    }

    /** The same settings with another number of iterations. */
    public TsneConfig withIterations(int n) {
        return new TsneConfig(perplexity, n, earlyExaggeration, Math.min(exaggerationIterations, n), learningRate,
                theta, pcaInit, seed);
    }

    /** The learning rate for {@code n} points. */
    double learningRateFor(int n) {
        return Double.isNaN(learningRate) ? Math.max(n / earlyExaggeration / 4, 50) : learningRate;
    }
}
