package dev.loupe.explain.lrp;

import dev.loupe.LoupeException;
import dev.loupe.nn.LinearLayer;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;

/**
 * LRP-γ (Montavon et al., 2019, eq. 7), in Zennit's generalised form that also handles negative inputs and
 * outputs (Andéol et al., 2021). With {@code wp = w + γw⁺}, {@code wn = w + γw⁻}, {@code bp = b + γb⁺},
 * {@code bn = b + γb⁻} and {@code zo = z(a, w, b)}:
 *
 * <pre>
 *   sp = [zo &gt; 0] · R / stab(z(a⁺, wp, bp) + z(a⁻, wn, 0))
 *   sn = [zo &lt; 0] · R / stab(z(a⁺, wn, bn) + z(a⁻, wp, 0))
 *   R_in = a⁺ · J(wp)ᵀ sp + a⁻ · J(wn)ᵀ sp + a⁺ · J(wn)ᵀ sn + a⁻ · J(wp)ᵀ sn
 * </pre>
 *
 * @param gamma      γ ≥ 0, how much positive contributions are favoured (Zennit's default 0.25)
 * @param stabilizer the e of {@code stab} (Zennit's default 1e-6)
 */
public record Gamma(double gamma, double stabilizer) implements LinearRule {
    public Gamma {
        check(gamma);
        checkStabilizer(stabilizer);
    }

    /** γ with Zennit's stabiliser 1e-6. */
    public Gamma(double gamma) {
        this(gamma, 1e-6);
    }

    @Override
    public Tensor relevance(LinearLayer layer, Tensor a, Tensor z, Tensor r, Parallel parallel) {
        return SignSplit.relevance(layer, a, z, r, new SignSplit.Variants(1, gamma, 1 + gamma, -gamma),
                SignSplit.Mask.OUTPUT_SIGN, 1, 1, stabilizer, parallel);
    }

    /** Rejects γ that is negative, infinite or NaN. */
    static void check(double gamma) {
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new LoupeException("LRP gamma must be a finite number ≥ 0, got " + gamma);
        }
    }

    /** Rejects a stabiliser that is negative, infinite or NaN. */
    static void checkStabilizer(double stabilizer) {
        if (!(stabilizer >= 0) || Double.isInfinite(stabilizer)) {
            throw new LoupeException("LRP stabilizer must be a finite number ≥ 0, got " + stabilizer);
        }
    }
}
