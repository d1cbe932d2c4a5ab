package dev.loupe.explain.propagation;

import dev.loupe.nn.BackwardRule;
import dev.loupe.nn.Step;
import dev.loupe.tensor.Elementwise;
import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * Guided backpropagation's ReLU (Springenberg et al., 2015, "Striving for simplicity: the all convolutional net"):
 * the signal passes only where it is positive and the forward input was strictly positive.
 */
public record GuidedReLU() implements BackwardRule {
    @Override
    public List<Tensor> backward(Step step, Tensor signal) {
        return List.of(Elementwise.passWhereBothPositive(step.input(), signal, step.parallel()));
    }
}
