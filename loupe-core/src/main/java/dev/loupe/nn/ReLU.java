package dev.loupe.nn;

import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * {@code y = max(x, 0)}. The gradient passes only where the input is strictly positive (at exactly 0 it is 0, as in
 * PyTorch).
 */
public record ReLU() implements Activation {
    /** Elements per parallel work unit; small tensors stay on one thread. */
    private static final int BLOCK = 1 << 15;

    private static int blocks(int n) {
        return (n + BLOCK - 1) / BLOCK;
    }

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
        // Math.max is branch-free and keeps NaN, as PyTorch does
        options.parallel().forChunks(blocks(xd.length), (from, to, chunk) -> {
            for (int i = from * BLOCK, end = Math.min(xd.length, to * BLOCK); i < end; i++) {
                yd[i] = Math.max(xd[i], 0f);
            }
        });
        return LayerOutput.of(y);
    }

    @Override
    public List<Tensor> backward(Step step, Tensor gradOutput) {
        float[] x = step.input().data(), g = gradOutput.data();
        Tensor gx = Tensor.zeros(gradOutput.shape());
        float[] d = gx.data();
        step.parallel().forChunks(blocks(g.length), (from, to, chunk) -> {
            for (int i = from * BLOCK, end = Math.min(g.length, to * BLOCK); i < end; i++) {
                d[i] = x[i] > 0f ? g[i] : 0f;
            }
        });
        return List.of(gx);
    }

    @Override
    public String describe() {
        return "ReLU";
    }
}
