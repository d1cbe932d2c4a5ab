package dev.loupe.nn;

import dev.loupe.tensor.Elementwise;
import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * {@code y = max(x, 0)}. The gradient passes only where the input is strictly positive (at exactly 0 it is 0, as in
 * PyTorch).
 */
public record ReLU() implements Activation {
    @Override
    public String kind() {
        return "relu";
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        return inputShapes.get(0).clone();
    }

    @Override
    public LayerOutput forward(List<Tensor> inputs, ForwardOptions options) {
        return LayerOutput.of(Elementwise.positivePart(inputs.get(0), options.parallel()));
    }

    @Override
    public List<Tensor> backward(Step step, Tensor gradOutput) {
        return List.of(Elementwise.passWherePositive(step.input(), gradOutput, step.parallel()));
    }

    @Override
    public String describe() {
        return "ReLU";
    }
}
