package dev.loupe.explain.lrp;

import dev.loupe.LoupeException;
import dev.loupe.nn.LinearLayer;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;

/**
 * LRP-ε (Bach et al., 2015; Montavon et al., 2019, eq. 5): {@code s = R / stab(z(a, w, b))},
 * {@code R_in = a · J(w)ᵀ s}.
 *
 * <p>Stabiliser convention (Zennit's): {@code stab(z) = z + ε·sign(z)} with {@code sign(0) = +1}, so ε pushes the
 * denominator away from zero on its own side and a zero output gets {@code +ε}. The bias stays in the denominator,
 * so relevance is conserved only up to what the bias and ε absorb; with ε → 0 on a bias-free network it is conserved.
 *
 * @param epsilon ε ≥ 0; small values (1e-6, Zennit's default) act as a stabiliser, larger ones (0.25) absorb weak
 *                and contradictory contributions
 */
public record Epsilon(double epsilon) implements LinearRule {
    public Epsilon {
        check(epsilon);
    }

    /** Rejects ε that is negative, infinite or NaN. */
    static void check(double epsilon) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new LoupeException("LRP epsilon must be a finite number ≥ 0, got " + epsilon);
        }
    }

    @Override
    public Tensor relevance(LinearLayer layer, Tensor a, Tensor z, Tensor r, Parallel parallel) {
        Tensor s = Relevance.divideStabilised(r, z, epsilon, parallel);
        return LinearRule.inputTimesBackward(layer, a, s, layer.weight(), parallel);
    }
}
