package dev.loupe.explain.gradient;

import dev.loupe.LoupeException;
import java.util.Arrays;

/**
 * Points {@code alphas} on the straight path from the baseline (0) to the input (1) and the weight of the gradient
 * at each, for {@link IntegratedGradients}: {@code ∫₀¹ f(α) dα ≈ Σ_k weights[k] · f(alphas[k])}.
 *
 * @param rule    the rule's name for provenance: a {@link Rule#label()}, or {@code explicit} for given points
 * @param alphas  positions along the path, in [0, 1]
 * @param weights one weight per position
 */
public record Quadrature(String rule, double[] alphas, double[] weights) {
    /** The integration rules, as Captum names them. */
    public enum Rule {
        /** Left Riemann sum: α_k = k/n, weights 1/n. */
        LEFT("left"),
        /** Right Riemann sum: α_k = (k+1)/n, weights 1/n. */
        RIGHT("right"),
        /** Midpoint rule: α_k = (k+½)/n, weights 1/n. */
        MIDDLE("middle"),
        /**
         * Captum's {@code riemann_trapezoid}: α_k = k/(n−1) and weights 1/n, except 1/(2n) at both ends (the weights
         * sum to (n−1)/n, not 1, exactly as Captum computes it).
         */
        TRAPEZOID("trapezoid"),
        /** Gauss–Legendre nodes and weights mapped to [0, 1] (Captum's default {@code gausslegendre}). */
        GAUSS_LEGENDRE("gauss-legendre");

        private final String label;

        Rule(String label) {
            this.label = label;
        }

        /** The registry spelling. */
        public String label() {
            return label;
        }

        /** The rule of a registry spelling. */
        public static Rule of(String label) {
            for (Rule r : values()) {
                if (r.label.equals(label)) {
                    return r;
                }
            }
            throw new LoupeException("unknown integration rule '" + label + "'");
        }
    }

    public Quadrature {
        java.util.Objects.requireNonNull(rule, "rule");
        alphas = alphas.clone();
        weights = weights.clone();
        if (alphas.length == 0 || alphas.length != weights.length) {
            throw new LoupeException("integrated gradients needs as many weights as path points (at least one), got "
                    + alphas.length + " points and " + weights.length + " weights");
        }
        for (double a : alphas) {
            if (!(a >= 0 && a <= 1)) {
                throw new LoupeException("path point " + a + " lies outside [0, 1]");
            }
        }
    }

    /** Explicitly given path points and weights, such as a reference case's {@code alpha_values}. */
    public Quadrature(double[] alphas, double[] weights) {
        this("explicit", alphas, weights);
    }

    /** The {@code steps}-point quadrature of {@code rule}. */
    public static Quadrature of(Rule rule, int steps) {
        int n = steps;
        int min = rule == Rule.TRAPEZOID ? 2 : 1;
        if (n < min) {
            throw new LoupeException("integrated gradients with the " + rule.label() + " rule needs at least " + min
                    + " steps, got " + n);
        }
        double[] a = new double[n], w = new double[n];
        switch (rule) {
            case LEFT, RIGHT, MIDDLE -> {
                double shift = rule == Rule.LEFT ? 0 : rule == Rule.RIGHT ? 1 : 0.5;
                for (int k = 0; k < n; k++) {
                    a[k] = (k + shift) / n;
                    w[k] = 1.0 / n;
                }
            }
            case TRAPEZOID -> {
                for (int k = 0; k < n; k++) {
                    a[k] = (double) k / (n - 1);
                    w[k] = 1.0 / n;
                }
                w[0] = w[n - 1] = 1.0 / (2 * n);
            }
            case GAUSS_LEGENDRE -> {
                double[][] nw = gaussLegendre(n);
                for (int k = 0; k < n; k++) {
                    a[k] = 0.5 * (nw[0][k] + 1);
                    w[k] = 0.5 * nw[1][k];
                }
            }
            default -> throw new IllegalStateException();
        }
        return new Quadrature(rule.label(), a, w);
    }

    /** Number of path points. */
    public int steps() {
        return alphas.length;
    }

    @Override
    public double[] alphas() {
        return alphas.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    double alpha(int k) {
        return alphas[k];
    }

    double weight(int k) {
        return weights[k];
    }

    /** Nodes (ascending) and weights of the n-point Gauss–Legendre rule on [−1, 1], by Newton's method. */
    static double[][] gaussLegendre(int n) {
        double[] x = new double[n], w = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int iter = 0; iter < 100; iter++) {
                double p0 = 1, p1 = 0;
                for (int j = 1; j <= n; j++) {
                    double p2 = p1;
                    p1 = p0;
                    p0 = ((2 * j - 1) * z * p1 - (j - 1) * p2) / j;
                }
                dp = n * (z * p0 - p1) / (z * z - 1);
                double dz = p0 / dp;
                z -= dz;
                if (Math.abs(dz) < 1e-15) {
                    break;
                }
            }
            // recompute the derivative at the converged node
            double p0 = 1, p1 = 0;
            for (int j = 1; j <= n; j++) {
                double p2 = p1;
                p1 = p0;
                p0 = ((2 * j - 1) * z * p1 - (j - 1) * p2) / j;
            }
            dp = n * (z * p0 - p1) / (z * z - 1);
            x[i] = -z;
            x[n - 1 - i] = z;
            w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
        }
        if (n % 2 == 1) {
            x[n / 2] = 0;
        }
        return new double[][] {x, w};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quadrature q && rule.equals(q.rule) && Arrays.equals(alphas, q.alphas)
                && Arrays.equals(weights, q.weights);
    }

    @Override
    public int hashCode() {
        return (31 * rule.hashCode() + Arrays.hashCode(alphas)) * 31 + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "Quadrature[" + rule + ", " + Arrays.toString(alphas) + ", " + Arrays.toString(weights) + "]";
    }
}
