package dev.loupe.explain.lrp;

import dev.loupe.nn.LinearLayer;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;

/**
 * The shared computation of the two-sided rules ({@link Gamma}, {@link AlphaBeta}): a "positive" weight variant
 * {@code wp} and a "negative" one {@code wn}, applied to the positive and negative parts of the input.
 *
 * <pre>
 *   zp = z(a⁺, wp, bp) + z(a⁻, wn, 0)      sp = scaleP · maskP · R / stab(zp)
 *   zn = z(a⁺, wn, bn) + z(a⁻, wp, 0)      sn = scaleN · maskN · R / stab(zn)
 *   R_in = a⁺ · (J(wp)ᵀ sp + J(wn)ᵀ sn) + a⁻ · (J(wn)ᵀ sp + J(wp)ᵀ sn)
 * </pre>
 *
 * <p>Fused for speed: {@code a⁺} and {@code a⁻} are stacked along the batch so each weight variant needs one
 * forward and one transposed call of twice the batch; when the input has no negative values (after a ReLU) the
 * {@code a⁻} half is skipped, which is exact because it contributes zero.
 */
final class SignSplit {
    private SignSplit() {
    }

    /** The mask applied to the two halves. */
    enum Mask {
        /** No mask (α-β). */
        NONE,
        /** {@code [z > 0]} on sp and {@code [z < 0]} on sn, with z the layer's own output (γ). */
        OUTPUT_SIGN
    }

    static Tensor relevance(LinearLayer layer, Tensor a, Tensor z, Tensor r, Tensor wp, Tensor wn, Tensor bp,
                            Tensor bn, Mask mask, double scaleP, double scaleN, double stabilizer, Parallel parallel) {
        int n = a.dim(0);
        Tensor aPos = Relevance.positive(a);
        boolean mixed = Relevance.hasNegative(a);
        Tensor zp;
        Tensor zn;
        Tensor stacked = null;
        if (mixed) {
            stacked = Relevance.stack(aPos, Relevance.negative(a));
            Tensor p = layer.apply(stacked, wp, null, parallel);
            Tensor q = layer.apply(stacked, wn, null, parallel);
            zp = crossSum(p, q, n);
            zn = crossSum(q, p, n);
            Relevance.addBiasInPlace(zp, bp);
            Relevance.addBiasInPlace(zn, bn);
        } else {
            zp = layer.apply(aPos, wp, bp, parallel);
            zn = layer.apply(aPos, wn, bn, parallel);
        }
        Tensor sp = scaledRatio(r, zp, z, mask == Mask.OUTPUT_SIGN ? 1 : 0, scaleP, stabilizer);
        Tensor sn = scaledRatio(r, zn, z, mask == Mask.OUTPUT_SIGN ? -1 : 0, scaleN, stabilizer);
        if (!mixed) {
            Tensor g = layer.applyTransposed(sp, wp, aPos.shape(), parallel);
            g.addInPlace(layer.applyTransposed(sn, wn, aPos.shape(), parallel));
            return g.times(aPos);
        }
        // J(wp)ᵀ [sp; sn] and J(wn)ᵀ [sn; sp]: the upper halves go with a⁺, the lower halves with a⁻
        Tensor gp = layer.applyTransposed(Relevance.stack(sp, sn), wp, stacked.shape(), parallel);
        Tensor gn = layer.applyTransposed(Relevance.stack(sn, sp), wn, stacked.shape(), parallel);
        gp.addInPlace(gn);
        float[] g = gp.data(), x = stacked.data();
        Tensor out = Tensor.zeros(a.shape());
        float[] o = out.data();
        int half = o.length;
        for (int i = 0; i < half; i++) {
            o[i] = x[i] * g[i] + x[half + i] * g[half + i];
        }
        return out;
    }

    /** {@code u[upper half] + v[lower half]} for two stacked {@code [2N, ...]} outputs. */
    private static Tensor crossSum(Tensor u, Tensor v, int n) {
        int[] shape = u.shape();
        shape[0] = n;
        Tensor out = Tensor.zeros(shape);
        float[] o = out.data(), ud = u.data(), vd = v.data();
        int half = o.length;
        for (int i = 0; i < half; i++) {
            o[i] = ud[i] + vd[half + i];
        }
        return out;
    }

    /** {@code scale · [sign(z) = want] · R / stab(denominator)}; {@code want = 0} means no mask. */
    private static Tensor scaledRatio(Tensor r, Tensor denominator, Tensor z, int want, double scale,
                                      double stabilizer) {
        Tensor s = Tensor.zeros(r.shape());
        float[] sd = s.data(), rd = r.data(), dd = denominator.data(), zd = z.data();
        float e = (float) stabilizer, k = (float) scale;
        for (int i = 0; i < sd.length; i++) {
            boolean keep = want == 0 || (want > 0 ? zd[i] > 0f : zd[i] < 0f);
            sd[i] = keep ? k * (rd[i] / Relevance.stab(dd[i], e)) : 0f;
        }
        return s;
    }
}
