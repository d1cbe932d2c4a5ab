package dev.loupe.explain.lrp;

import dev.loupe.LoupeException;
import dev.loupe.nn.BackwardRule;
import dev.loupe.nn.Step;
import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * Stands for "LRP has no rule here": any backward step through it fails with a message naming the layer.
 *
 * @param advice what the user can do, appended to the message (may be empty)
 */
public record NoRule(String advice) implements BackwardRule {
    /** Batch normalisation, which must be merged into the preceding convolution before LRP. */
    public static final NoRule UNMERGED_BATCH_NORM = new NoRule(
            "merge it into the preceding convolution first (MergeBatchNorm.apply(model))");

    /** Any other layer kind without an LRP rule. */
    public static final NoRule NONE = new NoRule("");

    @Override
    public List<Tensor> backward(Step step, Tensor signal) {
        throw new LoupeException("LRP has no rule for layer " + step.node().name() + " (" + step.layer().kind() + ")"
                + (advice.isEmpty() ? "" : ": " + advice));
    }
}
