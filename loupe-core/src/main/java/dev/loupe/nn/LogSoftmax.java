package dev.loupe.nn;

import dev.loupe.tensor.Tensor;
import java.util.List;

/** Log-softmax over the features of {@code [N, K]}: {@code y_k = x_k − log Σ_j exp(x_j)}, computed stably. */
public record LogSoftmax() implements Layer {
    @Override
    public String kind() {
        return "logsoftmax";
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        return inputShapes.get(0).clone();
    }

    /** Log-softmax of each row of a {@code [N, K]} tensor. */
    public static Tensor of(Tensor logits) {
        int n = logits.dim(0), k = logits.size() / Math.max(1, n);
        double[] lse = Softmax.logSumExp(logits);
        Tensor y = Tensor.zeros(logits.shape());
        float[] x = logits.data(), d = y.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                d[i * k + j] = (float) (x[i * k + j] - lse[i]);
            }
        }
        return y;
    }

    @Override
    public LayerOutput forward(List<Tensor> inputs, ForwardOptions options) {
        return LayerOutput.of(of(inputs.get(0)));
    }

    @Override
    public List<Tensor> backward(Step step, Tensor gradOutput) {
        // dx_k = g_k − softmax_k Σ_j g_j
        Tensor y = step.output();
        int n = y.dim(0), k = y.size() / Math.max(1, n);
        Tensor gx = Tensor.zeros(y.shape());
        float[] yd = y.data(), g = gradOutput.data(), d = gx.data();
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += g[i * k + j];
            }
            for (int j = 0; j < k; j++) {
                d[i * k + j] = (float) (g[i * k + j] - Math.exp(yd[i * k + j]) * sum);
            }
        }
        return List.of(gx);
    }

    @Override
    public String describe() {
        return "LogSoftmax";
    }
}
