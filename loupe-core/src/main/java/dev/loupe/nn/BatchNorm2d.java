package dev.loupe.nn;

import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * Batch normalisation over the channels of {@code [N, C, H, W]} (Ioffe &amp; Szegedy, 2015), as
 * {@code nn.BatchNorm2d}.
 *
 * <p>Inference: {@code y = (x − running_mean) / sqrt(running_var + eps) · weight + bias}. Training: the batch's
 * mean and biased variance replace the running statistics, and the step records them in a
 * {@link LayerState.BatchStatistics}; the trainer then folds them into the running statistics with
 * {@link #updateRunningStatistics}.
 *
 * @param weight      per-channel scale γ {@code [C]}
 * @param bias        per-channel shift β {@code [C]}
 * @param runningMean running mean {@code [C]}
 * @param runningVar  running (unbiased) variance {@code [C]}
 * @param eps         added to the variance
 * @param momentum    weight of the new batch in the running statistics (PyTorch's default is 0.1)
 */
public record BatchNorm2d(Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, double eps,
                          double momentum) implements Layer {
    public BatchNorm2d {
        int c = weight.size();
        if (bias.size() != c || runningMean.size() != c || runningVar.size() != c) {
            throw new IllegalArgumentException("batch norm parameters must all have " + c + " channels");
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("batch norm eps must be positive, got " + eps);
        }
    }

    /** A fresh layer for {@code channels} channels: γ = 1, β = 0, mean 0, variance 1, eps 1e-5, momentum 0.1. */
    public static BatchNorm2d fresh(int channels) {
        return new BatchNorm2d(Tensor.full(1f, channels), Tensor.zeros(channels), Tensor.zeros(channels),
                Tensor.full(1f, channels), 1e-5, 0.1);
    }

    /** Channels. */
    public int channels() {
        return weight.size();
    }

    /** Per-channel scale {@code γ / sqrt(running_var + eps)} of inference mode, in double. */
    public double[] inferenceScale() {
        double[] s = new double[channels()];
        for (int c = 0; c < s.length; c++) {
            s[c] = weight.data()[c] / Math.sqrt(runningVar.data()[c] + eps);
        }
        return s;
    }

    @Override
    public String kind() {
        return "batchnorm2d";
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        int[] in = inputShapes.get(0);
        if (in.length != 3 || in[0] != channels()) {
            throw new IllegalArgumentException(describe() + " needs [" + channels() + ", H, W], got "
                    + java.util.Arrays.toString(in));
        }
        return in.clone();
    }

    @Override
    public LayerOutput forward(List<Tensor> inputs, ForwardOptions options) {
        Tensor x = inputs.get(0);
        int n = x.dim(0), c = x.dim(1), area = x.dim(2) * x.dim(3);
        float[] mean = new float[c], inv = new float[c], unbiased = new float[c];
        float[] xd = x.data();
        for (int ch = 0; ch < c; ch++) {
            if (options.training()) {
                double s = 0, ss = 0;
                for (int i = 0; i < n; i++) {
                    int off = (i * c + ch) * area;
                    for (int p = 0; p < area; p++) {
                        s += xd[off + p];
                    }
                }
                double m = s / ((double) n * area);
                for (int i = 0; i < n; i++) {
                    int off = (i * c + ch) * area;
                    for (int p = 0; p < area; p++) {
                        double d = xd[off + p] - m;
                        ss += d * d;
                    }
                }
                long count = (long) n * area;
                mean[ch] = (float) m;
                inv[ch] = (float) (1.0 / Math.sqrt(ss / count + eps));
                unbiased[ch] = (float) (count > 1 ? ss / (count - 1) : ss);
            } else {
                mean[ch] = runningMean.data()[ch];
                inv[ch] = (float) (1.0 / Math.sqrt(runningVar.data()[ch] + eps));
            }
        }
        Tensor y = Tensor.zeros(x.shape());
        float[] yd = y.data(), g = weight.data(), b = bias.data();
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int off = (i * c + ch) * area;
                float scale = inv[ch] * g[ch], m = mean[ch], shift = b[ch];
                for (int p = 0; p < area; p++) {
                    yd[off + p] = (xd[off + p] - m) * scale + shift;
                }
            }
        }
        LayerState state = options.training() ? new LayerState.BatchStatistics(mean, inv, unbiased) : LayerState.NONE;
        return new LayerOutput(y, state);
    }

    @Override
    public List<Tensor> backward(Step step, Tensor gradOutput) {
        Tensor x = step.input();
        int n = x.dim(0), c = x.dim(1), area = x.dim(2) * x.dim(3);
        Tensor gx = Tensor.zeros(x.shape());
        float[] xd = x.data(), g = gradOutput.data(), d = gx.data(), gamma = weight.data();
        if (step.state() instanceof LayerState.BatchStatistics stats) {
            // dx = γ·inv/M · (M·dy − Σdy − x̂·Σ(dy·x̂)), with x̂ = (x − μ)·inv over the M = N·H·W values of a channel
            double count = (double) n * area;
            for (int ch = 0; ch < c; ch++) {
                double sumG = 0, sumGX = 0;
                float m = stats.mean()[ch], inv = stats.inverseStd()[ch];
                for (int i = 0; i < n; i++) {
                    int off = (i * c + ch) * area;
                    for (int p = 0; p < area; p++) {
                        sumG += g[off + p];
                        sumGX += g[off + p] * (xd[off + p] - m) * inv;
                    }
                }
                double k = gamma[ch] * inv / count;
                for (int i = 0; i < n; i++) {
                    int off = (i * c + ch) * area;
                    for (int p = 0; p < area; p++) {
                        double xhat = (xd[off + p] - m) * inv;
                        d[off + p] = (float) (k * (count * g[off + p] - sumG - xhat * sumGX));
                    }
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                for (int ch = 0; ch < c; ch++) {
                    int off = (i * c + ch) * area;
                    float scale = (float) (gamma[ch] / Math.sqrt(runningVar.data()[ch] + eps));
                    for (int p = 0; p < area; p++) {
                        d[off + p] = g[off + p] * scale;
                    }
                }
            }
        }
        return List.of(gx);
    }

    /** Adds the gradients of γ and β (each {@code [C]}) for the recorded step. */
    public void accumulateParameterGradients(Step step, Tensor gradOutput, Tensor gradWeight, Tensor gradBias) {
        Tensor x = step.input();
        int n = x.dim(0), c = x.dim(1), area = x.dim(2) * x.dim(3);
        float[] xd = x.data(), g = gradOutput.data();
        for (int ch = 0; ch < c; ch++) {
            float m, inv;
            if (step.state() instanceof LayerState.BatchStatistics stats) {
                m = stats.mean()[ch];
                inv = stats.inverseStd()[ch];
            } else {
                m = runningMean.data()[ch];
                inv = (float) (1.0 / Math.sqrt(runningVar.data()[ch] + eps));
            }
            double sumG = 0, sumGX = 0;
            for (int i = 0; i < n; i++) {
                int off = (i * c + ch) * area;
                for (int p = 0; p < area; p++) {
                    sumG += g[off + p];
                    sumGX += g[off + p] * (xd[off + p] - m) * inv;
                }
            }
            gradWeight.data()[ch] += (float) sumGX;
            gradBias.data()[ch] += (float) sumG;
        }
    }

    /** Folds a training batch's statistics into the running statistics, in place (used only by the trainer). */
    public void updateRunningStatistics(LayerState.BatchStatistics stats) {
        float[] rm = runningMean.data(), rv = runningVar.data();
        for (int ch = 0; ch < rm.length; ch++) {
            rm[ch] = (float) ((1 - momentum) * rm[ch] + momentum * stats.mean()[ch]);
            rv[ch] = (float) ((1 - momentum) * rv[ch] + momentum * stats.unbiasedVariance()[ch]);
        }
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("weight", weight, true), new Parameter("bias", bias, true),
                new Parameter("running_mean", runningMean, false), new Parameter("running_var", runningVar, false));
    }

    @Override
    public Layer deepCopy() {
        return new BatchNorm2d(weight.copy(), bias.copy(), runningMean.copy(), runningVar.copy(), eps, momentum);
    }

    @Override
    public String describe() {
        return "BatchNorm2d(" + channels() + (eps != 1e-5 ? ", eps " + eps : "")
                + (momentum != 0.1 ? ", momentum " + momentum : "") + ")";
    }
}
