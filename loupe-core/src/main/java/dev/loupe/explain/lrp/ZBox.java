package dev.loupe.explain.lrp;

import dev.loupe.LoupeException;
import dev.loupe.nn.LinearLayer;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.Arrays;

/**
 * The z^B rule for a bounded input domain (Montavon et al., 2017, "Explaining nonlinear classification decisions
 * with deep Taylor decomposition"), meant for the first layer. With {@code l} and {@code h} the lowest and highest
 * possible input values broadcast to the input's shape:
 *
 * <pre>
 *   s = R / stab(z(a, w, b) − z(l, w⁺, b⁺) − z(h, w⁻, b⁻))
 *   R_in = a · J(w)ᵀ s − l · J(w⁺)ᵀ s − h · J(w⁻)ᵀ s
 * </pre>
 *
 * <p>The bounds come from the input normalisation: for pixels in [0, 1] normalised as {@code (x − mean)/std},
 * {@code low = (0 − mean)/std} and {@code high = (1 − mean)/std}, per channel. Give one value for all channels or
 * one per input channel (axis 1). The terms {@code z(l, …)} and {@code z(h, …)} do not depend on the image and are
 * computed once per batch.
 *
 * @param low        the lowest input value, one or per channel
 * @param high       the highest input value, one or per channel (same count as low)
 * @param stabilizer the e of {@code stab} (Zennit's default 1e-6)
 */
public record ZBox(double[] low, double[] high, double stabilizer) implements LinearRule {
    public ZBox {
        low = low.clone();
        high = high.clone();
        if (low.length == 0 || low.length != high.length) {
            throw new LoupeException("ZBox needs as many low as high bounds (at least one), got " + low.length
                    + " and " + high.length);
        }
        for (int i = 0; i < low.length; i++) {
            if (!Double.isFinite(low[i]) || !Double.isFinite(high[i]) || low[i] > high[i]) {
                throw new LoupeException("ZBox bounds must be finite with low ≤ high, got low=" + low[i] + ", high="
                        + high[i]);
            }
        }
        Gamma.checkStabilizer(stabilizer);
    }

    /** Scalar bounds for every channel, with Zennit's stabiliser 1e-6. */
    public ZBox(double low, double high) {
        this(new double[] {low}, new double[] {high}, 1e-6);
    }

    /**
     * The bounds of pixels in [0, 1] after {@code (x − mean[c]) / std[c]}.
     *
     * @param mean per-channel mean (or one value)
     * @param std  per-channel standard deviation (same count)
     */
    public static ZBox forNormalization(double[] mean, double[] std) {
        if (mean.length != std.length) {
            throw new LoupeException("ZBox: " + mean.length + " means but " + std.length + " standard deviations");
        }
        double[] lo = new double[mean.length], hi = new double[mean.length];
        for (int c = 0; c < mean.length; c++) {
            if (!(std[c] > 0)) {
                throw new LoupeException("ZBox: standard deviation must be positive, got " + std[c]);
            }
            lo[c] = (0 - mean[c]) / std[c];
            hi[c] = (1 - mean[c]) / std[c];
        }
        return new ZBox(lo, hi, 1e-6);
    }

    @Override
    public double[] low() {
        return low.clone();
    }

    @Override
    public double[] high() {
        return high.clone();
    }

    @Override
    public Tensor relevance(LinearLayer layer, Tensor a, Tensor z, Tensor r, Parallel parallel) {
        Tensor w = layer.weight(), b = layer.bias();
        Tensor wPos = Relevance.positive(w), wNeg = Relevance.negative(w);
        Tensor l = bound(low, a), h = bound(high, a);
        Tensor zBox = layer.apply(l, wPos, b == null ? null : Relevance.positive(b), parallel);
        zBox.addInPlace(layer.apply(h, wNeg, b == null ? null : Relevance.negative(b), parallel));
        Tensor den = z.copy();
        float[] dd = den.data(), zb = zBox.data();
        int per = zb.length;
        for (int i = 0; i < dd.length; i++) {
            dd[i] -= zb[i % per];
        }
        Tensor s = Relevance.divideStabilised(r, den, stabilizer, parallel);
        Tensor out;
        Tensor gl;
        Tensor gh;
        if (Widened.supports(layer)) {
            // J(w)ᵀ s, J(w⁺)ᵀ s and J(w⁻)ᵀ s in one transposed call of the widened layer [w, w⁺, w⁻]
            LinearLayer wide = Widened.of(layer, new Tensor[][] {{w, wPos, wNeg}}, new Tensor[] {null});
            int[] shape = a.shape();
            shape[1] *= 3;
            Tensor g = wide.applyTransposed(s, wide.weight(), shape, parallel);
            out = Widened.block(g, 0, 3, a.shape()).times(a);
            gl = Widened.block(g, 1, 3, a.shape());
            gh = Widened.block(g, 2, 3, a.shape());
        } else {
            out = LinearRule.inputTimesBackward(layer, a, s, w, parallel);
            gl = layer.applyTransposed(s, wPos, a.shape(), parallel);
            gh = layer.applyTransposed(s, wNeg, a.shape(), parallel);
        }
        float[] o = out.data(), gld = gl.data(), ghd = gh.data(), ld = l.data(), hd = h.data();
        int size = ld.length;
        for (int i = 0; i < o.length; i++) {
            o[i] -= ld[i % size] * gld[i] + hd[i % size] * ghd[i];
        }
        return out;
    }

    /** The bound as one image {@code [1, ...]} shaped like an image of {@code a}. */
    private static Tensor bound(double[] values, Tensor a) {
        int channels = a.dim(1);
        if (values.length != 1 && values.length != channels) {
            throw new LoupeException("ZBox has " + values.length + " bounds, but the layer input has " + channels
                    + " channels; give one value or one per channel");
        }
        Tensor t = Tensor.zeros(Relevance.oneImage(a));
        float[] d = t.data();
        int area = d.length / channels;
        for (int c = 0; c < channels; c++) {
            Arrays.fill(d, c * area, (c + 1) * area, (float) values[values.length == 1 ? 0 : c]);
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZBox z && Arrays.equals(low, z.low) && Arrays.equals(high, z.high)
                && stabilizer == z.stabilizer;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(low) + Arrays.hashCode(high)) + Double.hashCode(stabilizer);
    }

    @Override
    public String toString() {
        return "ZBox[low=" + Arrays.toString(low) + ", high=" + Arrays.toString(high) + ", stabilizer=" + stabilizer
                + "]";
    }
}
