package dev.loupe.explain.lrp;

import dev.loupe.LoupeException;
import dev.loupe.nn.LinearLayer;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;

/**
 * LRP-αβ (Bach et al., 2015, eq. 60), in Zennit's form that also handles negative inputs:
 *
 * <pre>
 *   sp = R / stab(z(a⁺, w⁺, b⁺) + z(a⁻, w⁻, 0))
 *   sn = R / stab(z(a⁺, w⁻, b⁻) + z(a⁻, w⁺, 0))
 *   R_in = α (a⁺ · J(w⁺)ᵀ sp + a⁻ · J(w⁻)ᵀ sp) − β (a⁺ · J(w⁻)ᵀ sn + a⁻ · J(w⁺)ᵀ sn)
 * </pre>
 *
 * @param alpha      weight of the positive contributions, α ≥ 0
 * @param beta       weight of the negative contributions, β ≥ 0, with α − β = 1
 * @param stabilizer the e of {@code stab} (Zennit's default 1e-6)
 */
public record AlphaBeta(double alpha, double beta, double stabilizer) implements LinearRule {
    public AlphaBeta {
        if (!(alpha >= 0) || !(beta >= 0) || Double.isInfinite(alpha) || Double.isInfinite(beta)) {
            throw new LoupeException("LRP alpha and beta must be finite numbers ≥ 0, got alpha=" + alpha
                    + ", beta=" + beta);
        }
        if (Math.abs(alpha - beta - 1) > 1e-12) {
            throw new LoupeException("LRP alpha − beta must equal 1, got alpha=" + alpha + ", beta=" + beta);
        }
        Gamma.checkStabilizer(stabilizer);
    }

    /** α, β with Zennit's stabiliser 1e-6. */
    public AlphaBeta(double alpha, double beta) {
        this(alpha, beta, 1e-6);
    }

    @Override
    public Tensor relevance(LinearLayer layer, Tensor a, Tensor z, Tensor r, Parallel parallel) {
        return SignSplit.relevance(layer, a, z, r, new SignSplit.Variants(0, 1, 1, -1), SignSplit.Mask.NONE, alpha,
                -beta, stabilizer, parallel);
    }
}
