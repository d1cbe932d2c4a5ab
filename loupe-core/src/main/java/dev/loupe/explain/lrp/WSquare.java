package dev.loupe.explain.lrp;

import dev.loupe.nn.LinearLayer;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;

/**
 * The w² rule (Montavon et al., 2017), for a first layer with unbounded inputs: relevance is spread in proportion
 * to the squared weights, whatever the input values. As Zennit, the squared bias stays in the denominator:
 * {@code s = R / stab(z(1, w², b²))}, {@code R_in = J(w²)ᵀ s} (not multiplied by the input).
 *
 * @param stabilizer the e of {@code stab} (Zennit's default 1e-6)
 */
public record WSquare(double stabilizer) implements LinearRule {
    public WSquare {
        Gamma.checkStabilizer(stabilizer);
    }

    /** With Zennit's stabiliser 1e-6. */
    public WSquare() {
        this(1e-6);
    }

    @Override
    public Tensor relevance(LinearLayer layer, Tensor a, Tensor z, Tensor r, Parallel parallel) {
        Tensor b = layer.bias();
        return spread(layer, a, r, layer.weight().times(layer.weight()), b == null ? null : b.times(b), stabilizer,
                parallel);
    }

    /**
     * {@code J(v)ᵀ (R / stab(z(1, v, c)))}: the shared core of the input-free rules. {@code z(1, v, c)} does not
     * depend on the image, so it is computed once for the batch.
     */
    static Tensor spread(LinearLayer layer, Tensor a, Tensor r, Tensor v, Tensor c, double stabilizer,
                         Parallel parallel) {
        Tensor z1 = layer.apply(Tensor.full(1f, Relevance.oneImage(a)), v, c, parallel);
        Tensor s = Tensor.zeros(r.shape());
        float[] sd = s.data(), rd = r.data(), zd = z1.data();
        float e = (float) stabilizer;
        int per = zd.length;
        float[] denominator = new float[per];
        for (int j = 0; j < per; j++) {
            denominator[j] = Relevance.stab(zd[j], e);
        }
        for (int image = 0; image < sd.length; image += per) {
            for (int j = 0; j < per; j++) {
                sd[image + j] = rd[image + j] / denominator[j];
            }
        }
        return layer.applyTransposed(s, v, a.shape(), parallel);
    }
}
