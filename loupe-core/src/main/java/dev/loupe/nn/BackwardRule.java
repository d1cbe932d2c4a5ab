package dev.loupe.nn;

import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * How one layer passes a signal backwards: the exact gradient by default, or the modified step of an explanation
 * method (DeconvNet, guided backprop, an LRP rule). Rules are small immutable values; they receive the recorded
 * {@link Step} and the signal at the layer's output and return one signal per layer input.
 */
@FunctionalInterface
public interface BackwardRule {
    /** The exact vector-Jacobian product of the layer. */
    BackwardRule GRADIENT = (step, signal) -> step.layer().backward(step, signal);

    /** The signals for the layer's inputs, given the signal {@code signal} at its output. */
    List<Tensor> backward(Step step, Tensor signal);
}
