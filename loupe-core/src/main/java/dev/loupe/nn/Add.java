package dev.loupe.nn;

import dev.loupe.tensor.Tensor;
import java.util.List;

/** Elementwise sum of two equally shaped inputs, the join of a residual block (He et al., 2016). */
public record Add() implements Layer {
    @Override
    public String kind() {
        return "add";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        if (!java.util.Arrays.equals(inputShapes.get(0), inputShapes.get(1))) {
            throw new IllegalArgumentException("add needs equal shapes, got " + java.util.Arrays.toString(
                    inputShapes.get(0)) + " and " + java.util.Arrays.toString(inputShapes.get(1)));
        }
        return inputShapes.get(0).clone();
    }

    @Override
    public LayerOutput forward(List<Tensor> inputs, ForwardOptions options) {
        return LayerOutput.of(inputs.get(0).plus(inputs.get(1)));
    }

    @Override
    public List<Tensor> backward(Step step, Tensor gradOutput) {
        return List.of(gradOutput, gradOutput);
    }

    @Override
    public String describe() {
        return "Add";
    }
}
