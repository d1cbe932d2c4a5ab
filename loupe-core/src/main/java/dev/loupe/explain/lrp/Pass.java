package dev.loupe.explain.lrp;

import dev.loupe.LoupeException;
import dev.loupe.nn.BackwardRule;
import dev.loupe.nn.Step;
import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * Passes the relevance through unchanged, for elementwise layers that should not redistribute it: LRP treats a
 * ReLU as part of the preceding linear layer, so its relevance goes to its input as is (no mask).
 */
public record Pass() implements BackwardRule {
    @Override
    public List<Tensor> backward(Step step, Tensor signal) {
        if (step.layer().arity() != 1 || step.input().size() != signal.size()) {
            throw new LoupeException("the LRP pass-through rule needs a one-input elementwise layer, not layer "
                    + step.node().name() + " (" + step.layer().kind() + ")");
        }
        return List.of(signal.reshape(step.input().shape()));
    }
}
