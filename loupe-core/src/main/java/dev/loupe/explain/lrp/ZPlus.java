package dev.loupe.explain.lrp;

import dev.loupe.nn.LinearLayer;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;

/**
 * The z⁺ rule (Bach et al., 2015; Montavon et al., 2017), in Zennit's form that also accepts negative inputs
 * (it equals {@link AlphaBeta} with α = 1, β = 0): {@code s = R / stab(z(a⁺, w⁺, b⁺) + z(a⁻, w⁻, 0))},
 * {@code R_in = a⁺ · J(w⁺)ᵀ s + a⁻ · J(w⁻)ᵀ s}.
 *
 * @param stabilizer the e of {@code stab} (Zennit's default 1e-6)
 */
public record ZPlus(double stabilizer) implements LinearRule {
    public ZPlus {
        Gamma.checkStabilizer(stabilizer);
    }

    /** With Zennit's stabiliser 1e-6. */
    public ZPlus() {
        this(1e-6);
    }

    @Override
    public Tensor relevance(LinearLayer layer, Tensor a, Tensor z, Tensor r, Parallel parallel) {
        Tensor wPos = Relevance.positive(layer.weight()), wNeg = Relevance.negative(layer.weight());
        Tensor bPos = layer.bias() == null ? null : Relevance.positive(layer.bias());
        Tensor aPos = Relevance.positive(a);
        Tensor aNeg = Relevance.hasNegative(a) ? Relevance.negative(a) : null;
        if (aNeg != null && Widened.supports(layer)) {
            // one widened call: [w⁺, w⁻] on the channel-stacked [a⁺, a⁻]
            Tensor x = Widened.concatChannels(aPos, aNeg);
            LinearLayer wide = Widened.of(layer, new Tensor[][] {{wPos, wNeg}}, new Tensor[] {bPos});
            Tensor s = Relevance.divideStabilised(r, wide.apply(x, wide.weight(), wide.bias(), parallel), stabilizer,
                    parallel);
            Tensor both = x.times(wide.applyTransposed(s, wide.weight(), x.shape(), parallel));
            return Widened.block(both, 0, 2, a.shape()).addInPlace(Widened.block(both, 1, 2, a.shape()));
        }
        Tensor zp = layer.apply(aPos, wPos, bPos, parallel);
        if (aNeg != null) {
            zp.addInPlace(layer.apply(aNeg, wNeg, null, parallel));
        }
        Tensor s = Relevance.divideStabilised(r, zp, stabilizer, parallel);
        Tensor out = LinearRule.inputTimesBackward(layer, aPos, s, wPos, parallel);
        if (aNeg != null) {
            out.addInPlace(LinearRule.inputTimesBackward(layer, aNeg, s, wNeg, parallel));
        }
        return out;
    }
}
