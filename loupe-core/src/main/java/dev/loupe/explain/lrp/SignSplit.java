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
 * <p>Both variants are combinations of {@code w} and {@code w⁺} ({@link Variants}), so, z being linear in the
 * weight and bias together, {@code z(a, cw + dw⁺, cb + db⁺) = c·z(a, w, b) + d·z(a, w⁺, b⁺)}, where
 * {@code z(a, w, b)} is the layer's recorded output.
 *
 * <p>Fused for speed. When the input has no negative values (after a ReLU) and the γ mask applies, the rule costs
 * one forward call with {@code w⁺} and one transposed call of a {@link Widened} layer with the blocks {@code [w; w⁺]}, since
 * {@code J(wp)ᵀ sp + J(wn)ᵀ sn = J(w)ᵀ (cp·sp + cn·sn) + J(w⁺)ᵀ (dp·sp + dn·sn)}. Otherwise, for dense layers and
 * ungrouped convolutions the whole rule is one forward and one transposed call of a {@link Widened} layer: the weight blocks {@code [[wp, wn], [wn, wp]]} map the channel-stacked
 * input {@code [a⁺, a⁻]} to {@code [zp, zn]} at once, and the transposed call of {@code [sp, sn]} returns both
 * input factors. For grouped convolutions, {@code a⁺} and {@code a⁻} are stacked along the batch instead, so each
 * weight variant needs one forward and one transposed call. When the input has no negative values (after a ReLU)
 * the {@code a⁻} half is skipped, which is exact because it contributes zero.
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

    /**
     * The two weight variants as {@code wp = cp·w + dp·w⁺} and {@code wn = cn·w + dn·w⁺}, biases alike: γ is
     * {@code (1, γ, 1 + γ, −γ)} (so that {@code wn = w + γw⁻}), α-β is {@code (0, 1, 1, −1)} (so that
     * {@code wn = w⁻}).
     */
    record Variants(double cp, double dp, double cn, double dn) {
        Tensor positive(Tensor t) {
            return combine(t, cp, dp);
        }

        Tensor negative(Tensor t) {
            return combine(t, cn, dn);
        }

        private static Tensor combine(Tensor t, double c, double d) {
            if (t == null) {
                return null;
            }
            Tensor out = Tensor.zeros(t.shape());
            float[] o = out.data(), td = t.data();
            for (int i = 0; i < o.length; i++) {
                o[i] = (float) (c * td[i] + d * Math.max(td[i], 0f));
            }
            return out;
        }
    }

    static Tensor relevance(LinearLayer layer, Tensor a, Tensor z, Tensor r, Variants v, Mask mask, double scaleP,
                            double scaleN, double stabilizer, Parallel parallel) {
        boolean mixed = Relevance.hasNegative(a);
        // The w⁺ shortcut recovers zn from z(a, w, b) − z(a, w⁺, b⁺). That is safe only under the γ mask, where
        // |zp|, |zn| ≥ |z| > 0 for a ≥ 0; for α-β an exactly zero zn would come back as rounding noise, blow sn up
        // and leave a cancellation error in J(w)ᵀ sn − J(w⁺)ᵀ sn.
        if (!mixed && mask == Mask.OUTPUT_SIGN && Widened.supports(layer)) {
            return nonNegative(layer, a, z, r, v, mask, scaleP, scaleN, stabilizer, parallel);
        }
        Tensor w = layer.weight(), b = layer.bias();
        Tensor wp = v.positive(w), wn = v.negative(w), bp = v.positive(b), bn = v.negative(b);
        if (Widened.supports(layer)) {
            return fused(layer, a, z, r, wp, wn, bp, bn, mask, scaleP, scaleN, stabilizer, parallel);
        }
        return batchStacked(layer, a, z, r, wp, wn, bp, bn, mask, scaleP, scaleN, stabilizer, parallel);
    }

    /** Input without negative values: one forward call with w⁺, one widened transposed call with [w; w⁺]. */
    private static Tensor nonNegative(LinearLayer layer, Tensor a, Tensor z, Tensor r, Variants v, Mask mask,
                                      double scaleP, double scaleN, double stabilizer, Parallel parallel) {
        Tensor w = layer.weight(), b = layer.bias();
        Tensor wPos = Relevance.positive(w);
        Tensor u = layer.apply(a, wPos, b == null ? null : Relevance.positive(b), parallel);
        int n = a.dim(0), per = r.size() / n;
        int[] wideShape = z.shape();
        wideShape[1] *= 2;
        Tensor s = Tensor.zeros(wideShape);
        float[] sd = s.data(), ud = u.data(), rd = r.data(), zo = z.data();
        double e = stabilizer;
        Relevance.forImages(parallel, n, r.size(), (from, to, chunk) -> {
            for (int i = from / per; i < to / per; i++) {
                for (int j = 0; j < per; j++) {
                    int k = i * per + j;
                    double zp = v.cp() * zo[k] + v.dp() * ud[k], zn = v.cn() * zo[k] + v.dn() * ud[k];
                    boolean keepP = mask == Mask.NONE || zo[k] > 0f, keepN = mask == Mask.NONE || zo[k] < 0f;
                    double sp = keepP ? scaleP * rd[k] / (float) (zp >= 0 ? zp + e : zp - e) : 0;
                    double sn = keepN ? scaleN * rd[k] / (float) (zn >= 0 ? zn + e : zn - e) : 0;
                    sd[2 * i * per + j] = (float) (v.cp() * sp + v.cn() * sn);
                    sd[(2 * i + 1) * per + j] = (float) (v.dp() * sp + v.dn() * sn);
                }
            }
        });
        LinearLayer wide = Widened.of(layer, new Tensor[][] {{w}, {wPos}}, new Tensor[] {null, null});
        Tensor g = wide.applyTransposed(s, wide.weight(), a.shape(), parallel);
        float[] gd = g.data(), ad = a.data();
        Relevance.forImages(parallel, n, gd.length, (from, to, chunk) -> {
            for (int i = from; i < to; i++) {
                gd[i] *= ad[i];
            }
        });
        return g;
    }

    /** One widened forward and one widened transposed call. */
    private static Tensor fused(LinearLayer layer, Tensor a, Tensor z, Tensor r, Tensor wp, Tensor wn, Tensor bp,
                                Tensor bn, Mask mask, double scaleP, double scaleN, double stabilizer,
                                Parallel parallel) {
        int n = a.dim(0);
        Tensor aPos = Relevance.positive(a);
        boolean mixed = Relevance.hasNegative(a);
        Tensor x = mixed ? Widened.concatChannels(aPos, Relevance.negative(a)) : aPos;
        Tensor[][] blocks = mixed ? new Tensor[][] {{wp, wn}, {wn, wp}} : new Tensor[][] {{wp}, {wn}};
        LinearLayer wide = Widened.of(layer, blocks, new Tensor[] {bp, bn});
        Tensor both = wide.apply(x, wide.weight(), wide.bias(), parallel);
        Tensor s = Tensor.zeros(both.shape());
        float[] sd = s.data(), zz = both.data(), rd = r.data(), zo = z.data();
        float e = (float) stabilizer, kp = (float) scaleP, kn = (float) scaleN;
        int per = r.size() / n;
        Relevance.forImages(parallel, n, r.size(), (from, to, chunk) -> {
            for (int i = from / per; i < to / per; i++) {
                int pos = 2 * i * per, neg = (2 * i + 1) * per;
                for (int j = 0; j < per; j++) {
                    float rv = rd[i * per + j], sign = zo[i * per + j];
                    boolean keepP = mask == Mask.NONE || sign > 0f, keepN = mask == Mask.NONE || sign < 0f;
                    sd[pos + j] = keepP ? kp * (rv / Relevance.stab(zz[pos + j], e)) : 0f;
                    sd[neg + j] = keepN ? kn * (rv / Relevance.stab(zz[neg + j], e)) : 0f;
                }
            }
        });
        Tensor g = wide.applyTransposed(s, wide.weight(), x.shape(), parallel);
        float[] gd = g.data(), xd = x.data();
        if (!mixed) {
            Relevance.forImages(parallel, n, gd.length, (from, to, chunk) -> {
                for (int i = from; i < to; i++) {
                    gd[i] *= xd[i];
                }
            });
            return g;
        }
        Tensor out = Tensor.zeros(a.shape());
        float[] o = out.data();
        int in = a.size() / n;
        Relevance.forImages(parallel, n, o.length, (from, to, chunk) -> {
            for (int i = from / in; i < to / in; i++) {
                int p = 2 * i * in, q = (2 * i + 1) * in;
                for (int j = 0; j < in; j++) {
                    o[i * in + j] = xd[p + j] * gd[p + j] + xd[q + j] * gd[q + j];
                }
            }
        });
        return out;
    }

    /** Batch-stacked {@code [a⁺; a⁻]}, one forward and one transposed call per weight variant. */
    private static Tensor batchStacked(LinearLayer layer, Tensor a, Tensor z, Tensor r, Tensor wp, Tensor wn,
                                       Tensor bp, Tensor bn, Mask mask, double scaleP, double scaleN,
                                       double stabilizer, Parallel parallel) {
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
