package dev.loupe.explain.lrp;

import dev.loupe.nn.LinearLayer;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;

/**
 * The flat rule (Lapuschkin et al., 2019, "Unmasking Clever Hans predictors"): inputs and weights are replaced by
 * ones and the bias by zero, so every output spreads its relevance evenly over the inputs in its receptive field,
 * whatever their values: {@code s = R / stab(z(1, 1, 0))}, {@code R_in = J(1)ᵀ s} (not multiplied by the input).
 *
 * @param stabilizer the e of {@code stab} (Zennit's default 1e-6)
 */
public record Flat(double stabilizer) implements LinearRule {
    public Flat {
        Gamma.checkStabilizer(stabilizer);
    }

    /** With Zennit's stabiliser 1e-6. */
    public Flat() {
        this(1e-6);
    }

    @Override
    public Tensor relevance(LinearLayer layer, Tensor a, Tensor z, Tensor r, Parallel parallel) {
        Tensor ones = Tensor.full(1f, layer.weight().shape());
        return WSquare.spread(layer, a, r, ones, null, stabilizer, parallel);
    }
}
