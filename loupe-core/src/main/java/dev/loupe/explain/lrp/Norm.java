package dev.loupe.explain.lrp;

import dev.loupe.nn.BackwardRule;
import dev.loupe.nn.Step;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the relevance over the inputs in proportion to their contributions, for parameter-free layers that are
 * linear in their inputs (average pooling, global average pooling, the residual add): {@code s = R / stab(output)},
 * {@code R_in = a · (backward pass of the layer for s)} for each input {@code a}. For an add this gives each branch
 * {@code branch · R / stab(sum)}. This is the LRP-ε rule with ε only used as a stabiliser (Zennit's {@code Norm}).
 *
 * @param stabilizer the e of {@code stab(z) = z + e·sign(z)}, {@code sign(0) = +1} (Zennit's default 1e-6)
 */
public record Norm(double stabilizer) implements BackwardRule {
    public Norm {
        Gamma.checkStabilizer(stabilizer);
    }

    /** With Zennit's stabiliser 1e-6. */
    public Norm() {
        this(1e-6);
    }

    @Override
    public List<Tensor> backward(Step step, Tensor signal) {
        Tensor s = Relevance.divideStabilised(signal, step.output(), stabilizer, step.parallel());
        List<Tensor> back = step.layer().backward(step, s);
        List<Tensor> out = new ArrayList<>(back.size());
        for (int k = 0; k < back.size(); k++) {
            out.add(back.get(k).times(step.inputs().get(k)));
        }
        return out;
    }
}
