package dev.loupe.explain.lrp;

import dev.loupe.nn.LinearLayer;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;

/**
 * LRP-0, the basic z rule of Bach et al. (2015): {@code s = R / z(a, w, b)}, {@code R_in = a · J(w)ᵀ s}.
 *
 * <p>It has no stabiliser and is numerically unstable where {@code z} is close to 0; where {@code z} is exactly 0
 * the output passes no relevance ({@code s = 0}) instead of producing NaN. On a ReLU network it equals
 * gradient × input (for every output with {@code z ≠ 0}).
 */
public record ZRule() implements LinearRule {
    @Override
    public Tensor relevance(LinearLayer layer, Tensor a, Tensor z, Tensor r, Parallel parallel) {
        Tensor s = Tensor.zeros(r.shape());
        float[] sd = s.data(), rd = r.data(), zd = z.data();
        for (int i = 0; i < sd.length; i++) {
            sd[i] = zd[i] == 0f ? 0f : rd[i] / zd[i];
        }
        return LinearRule.inputTimesBackward(layer, a, s, layer.weight(), parallel);
    }
}
