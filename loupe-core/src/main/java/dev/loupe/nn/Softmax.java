package dev.loupe.nn;

import dev.loupe.tensor.Tensor;
import java.util.List;

/** Softmax over the features of {@code [N, K]}: {@code y_k = exp(x_k) / Σ_j exp(x_j)}, computed stably. */
public record Softmax() implements Layer {
    @Override
    public String kind() {
        return "softmax";
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        return inputShapes.get(0).clone();
    }

    /** Softmax of each row of a {@code [N, K]} tensor. */
    public static Tensor of(Tensor logits) {
        int n = logits.dim(0), k = logits.size() / Math.max(1, n);
        double[] lse = logSumExp(logits);
        Tensor y = Tensor.zeros(logits.shape());
        float[] x = logits.data(), d = y.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                d[i * k + j] = (float) Math.exp(x[i * k + j] - lse[i]);
            }
        }
        return y;
    }

    /** {@code log Σ_j exp(x_ij)} of each row of {@code [N, K]}, computed stably around the row maximum. */
    static double[] logSumExp(Tensor logits) {
        int n = logits.dim(0), k = logits.size() / Math.max(1, n);
        float[] x = logits.data();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, x[i * k + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(x[i * k + j] - max);
            }
            out[i] = max + Math.log(sum);
        }
        return out;
    }

    @Override
    public LayerOutput forward(List<Tensor> inputs, ForwardOptions options) {
        return LayerOutput.of(of(inputs.get(0)));
    }

    @Override
    public List<Tensor> backward(Step step, Tensor gradOutput) {
        // dx_k = y_k (g_k − Σ_j g_j y_j)
        Tensor y = step.output();
        int n = y.dim(0), k = y.size() / Math.max(1, n);
        Tensor gx = Tensor.zeros(y.shape());
        float[] yd = y.data(), g = gradOutput.data(), d = gx.data();
        for (int i = 0; i < n; i++) {
            double dot = 0;
            for (int j = 0; j < k; j++) {
                dot += g[i * k + j] * yd[i * k + j];
            }
            for (int j = 0; j < k; j++) {
                d[i * k + j] = (float) (yd[i * k + j] * (g[i * k + j] - dot));
            }
        }
        return List.of(gx);
    }

    @Override
    public String describe() {
        return "Softmax";
    }
}
