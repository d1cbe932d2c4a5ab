package dev.loupe.nn;

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
        Tensor x = inputs.get(0);
        Tensor y = Tensor.zeros(x.shape());
        float[] xd = x.data(), yd = y.data();
        for (int i = 0; i < xd.length; i++) {
            yd[i] = xd[i] > 0f ? xd[i] : 0f;
        }
        return LayerOutput.of(y);
    }

    @Override
    public List<Tensor> backward(Step step, Tensor gradOutput) {
        float[] x = step.input().data(), g = gradOutput.data();
        Tensor gx = Tensor.zeros(gradOutput.shape());
        float[] d = gx.data();
        for (int i = 0; i < g.length; i++) {
            d[i] = x[i] > 0f ? g[i] : 0f;
        }
        return List.of(gx);
    }

    @Override
    public String describe() {
        return "ReLU";
    }
}
