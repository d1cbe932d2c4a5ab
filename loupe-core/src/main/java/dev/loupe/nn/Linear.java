package dev.loupe.nn;

import dev.loupe.tensor.Gemm;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * A dense layer {@code y = x Wᵀ + b}, as PyTorch's {@code nn.Linear}.
 *
 * <p>Input {@code [N, in]}, weight {@code [out, in]}, bias {@code [out]} (optional), output {@code [N, out]}.
 *
 * <p>Products with the layer's own weight go through {@link Gemm#sgemmConstantB}, which keeps the weight packed
 * for the kernel between calls: a model's parameters never change once it is handed out, and the optimizers
 * announce their in-place updates. (Re-packing 9,216 × 128 weights cost more than the product at batch 1.) Code
 * that changes a weight in place by other means must call {@link Gemm#forgetConstant} on it.
 *
 * @param weight the weight matrix
 * @param bias   the bias, or null
 */
public record Linear(Tensor weight, Tensor bias) implements LinearLayer {
    public Linear {
        if (weight.rank() != 2) {
            throw new IllegalArgumentException("linear weight must be [out, in], got " + weight.shapeString());
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != weight.dim(0))) {
            throw new IllegalArgumentException("linear bias must be [" + weight.dim(0) + "], got " + bias.shapeString());
        }
    }

    /** Input features. */
    public int inFeatures() {
        return weight.dim(1);
    }

    /** Output features. */
    public int outFeatures() {
        return weight.dim(0);
    }

    @Override
    public String kind() {
        return "linear";
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        int[] in = inputShapes.get(0);
        if (in.length != 1 || in[0] != inFeatures()) {
            throw new IllegalArgumentException(describe() + " needs input [" + inFeatures() + "], got "
                    + java.util.Arrays.toString(in));
        }
        return new int[] {outFeatures()};
    }

    @Override
    public Tensor apply(Tensor a, Tensor w, Tensor b, Parallel parallel) {
        int n = a.dim(0), in = w.dim(1), out = w.dim(0);
        if (a.size() != n * in) {
            throw new IllegalArgumentException(describe() + " got input " + a.shapeString());
        }
        Tensor y = Tensor.zeros(n, out);
        float[] yd = y.data();
        if (b != null) {
            float[] bd = b.data();
            for (int i = 0; i < n; i++) {
                System.arraycopy(bd, 0, yd, i * out, out);
            }
        }
        if (w == weight) {
            Gemm.sgemmConstantB(false, true, n, out, in, a.data(), 0, in, w.data(), 0, in, true, yd, 0, out, parallel);
        } else {
            Gemm.sgemm(false, true, n, out, in, a.data(), 0, in, w.data(), 0, in, true, yd, 0, out, parallel);
        }
        return y;
    }

    @Override
    public Tensor applyTransposed(Tensor s, Tensor w, int[] inputShape, Parallel parallel) {
        int n = s.dim(0), in = w.dim(1), out = w.dim(0);
        Tensor gx = Tensor.zeros(inputShape);
        if (w == weight) {
            Gemm.sgemmConstantB(false, false, n, in, out, s.data(), 0, out, w.data(), 0, in, false, gx.data(), 0, in,
                    parallel);
        } else {
            Gemm.sgemm(false, false, n, in, out, s.data(), 0, out, w.data(), 0, in, false, gx.data(), 0, in, parallel);
        }
        return gx;
    }

    @Override
    public void accumulateParameterGradients(Tensor a, Tensor gradOutput, Tensor gradWeight, Tensor gradBias,
                                             Parallel parallel) {
        int n = a.dim(0), in = inFeatures(), out = outFeatures();
        // dW [out, in] += gᵀ [out, N] · a [N, in]
        Gemm.sgemm(true, false, out, in, n, gradOutput.data(), 0, out, a.data(), 0, in, true, gradWeight.data(), 0,
                in, parallel);
        if (gradBias != null) {
            float[] gb = gradBias.data(), g = gradOutput.data();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < out; j++) {
                    gb[j] += g[i * out + j];
                }
            }
        }
    }

    @Override
    public Linear withParameters(Tensor weight, Tensor bias) {
        return new Linear(weight, bias);
    }

    @Override
    public String describe() {
        return "Linear(" + inFeatures() + "→" + outFeatures() + (bias == null ? ", no bias)" : ")");
    }
}
