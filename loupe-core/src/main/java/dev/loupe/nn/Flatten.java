package dev.loupe.nn;

import dev.loupe.tensor.Tensor;
import java.util.List;

/** Flattens every image to a vector, channel then row then column: {@code [N, C, H, W] → [N, C·H·W]}. */
public record Flatten() implements Layer {
    @Override
    public String kind() {
        return "flatten";
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        int size = 1;
        for (int d : inputShapes.get(0)) {
            size *= d;
        }
        return new int[] {size};
    }

    @Override
    public LayerOutput forward(List<Tensor> inputs, ForwardOptions options) {
        Tensor x = inputs.get(0);
        return LayerOutput.of(x.reshape(x.dim(0), -1));
    }

    @Override
    public List<Tensor> backward(Step step, Tensor gradOutput) {
        return List.of(gradOutput.reshape(step.input().shape()));
    }

    @Override
    public String describe() {
        return "Flatten";
    }
}
