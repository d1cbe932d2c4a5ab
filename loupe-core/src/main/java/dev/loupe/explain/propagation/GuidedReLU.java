package dev.loupe.explain.propagation;

import dev.loupe.nn.BackwardRule;
import dev.loupe.nn.Step;
import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * Guided backpropagation's ReLU (Springenberg et al., 2015, "Striving for simplicity: the all convolutional net"):
 * the signal passes only where it is positive and the forward input was strictly positive.
 */
public record GuidedReLU() implements BackwardRule {
    @Override
    public List<Tensor> backward(Step step, Tensor signal) {
        float[] x = step.input().data(), g = signal.data();
        Tensor out = Tensor.zeros(signal.shape());
        float[] d = out.data();
        for (int i = 0; i < g.length; i++) {
            d[i] = x[i] > 0f && g[i] > 0f ? g[i] : 0f;
        }
        return List.of(out);
    }
}
