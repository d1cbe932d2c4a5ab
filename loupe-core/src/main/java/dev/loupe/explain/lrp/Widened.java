package dev.loupe.explain.lrp;

import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Linear;
import dev.loupe.nn.LinearLayer;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Tensor;

/**
 * A layer widened to block form, so that several weight variants of a rule run as one GEMM: the input is
 * {@code kin} tensors concatenated along the channels ({@code [N, kin·C, H, W]} or {@code [N, kin·F]}) and the
 * output {@code kout} blocks ({@code [N, kout·O, ...]}); block {@code (p, q)} of the weight maps input block q to
 * output block p. Then one {@code apply} gives {@code Σ_q z(x_q, w_pq)} for every p, and one {@code applyTransposed}
 * gives {@code Σ_p J(w_pq)ᵀ s_p} for every q.
 *
 * <p>Only dense layers and ungrouped convolutions can be widened this way ({@link #supports}).
 */
final class Widened {
    private Widened() {
    }

    /** Whether the layer can be widened. */
    static boolean supports(LinearLayer layer) {
        return layer instanceof Linear || layer instanceof Conv2d c && c.geometry().groups() == 1;
    }

    /**
     * The widened layer whose weight is the block matrix {@code blocks[p][q]} (each shaped like the layer's weight)
     * and whose bias is {@code [bias_0; …; bias_{kout−1}]} (null entries count as zero; all null gives no bias).
     */
    static LinearLayer of(LinearLayer layer, Tensor[][] blocks, Tensor[] biases) {
        int kout = blocks.length, kin = blocks[0].length;
        int[] ws = layer.weight().shape();
        int rows = ws[0], cols = layer.weight().size() / rows;
        float[] w = new float[kout * rows * kin * cols];
        int width = kin * cols;
        for (int p = 0; p < kout; p++) {
            for (int q = 0; q < kin; q++) {
                float[] src = blocks[p][q].data();
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(src, r * cols, w, (p * rows + r) * width + q * cols, cols);
                }
            }
        }
        Tensor bias = null;
        for (int p = 0; p < kout; p++) {
            if (biases[p] != null) {
                if (bias == null) {
                    bias = Tensor.zeros(kout * rows);
                }
                System.arraycopy(biases[p].data(), 0, bias.data(), p * rows, rows);
            }
        }
        if (layer instanceof Conv2d conv) {
            ConvGeometry g = conv.geometry();
            ConvGeometry wide = new ConvGeometry(kin * g.inChannels(), kout * g.outChannels(), g.kernelH(),
                    g.kernelW(), g.strideH(), g.strideW(), g.padH(), g.padW(), g.dilationH(), g.dilationW(), 1);
            return new Conv2d(wide, Tensor.wrap(w, kout * rows, kin * g.inChannels(), ws[2], ws[3]), bias);
        }
        return new Linear(Tensor.wrap(w, kout * rows, width), bias);
    }

    /** The parts concatenated along axis 1, per image: {@code [N, k·C, ...]} from k tensors {@code [N, C, ...]}. */
    static Tensor concatChannels(Tensor... parts) {
        int n = parts[0].dim(0), per = parts[0].size() / Math.max(1, n);
        int[] shape = parts[0].shape();
        shape[1] *= parts.length;
        Tensor out = Tensor.zeros(shape);
        float[] o = out.data();
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < parts.length; q++) {
                System.arraycopy(parts[q].data(), i * per, o, (i * parts.length + q) * per, per);
            }
        }
        return out;
    }

    /** Block {@code q} of {@code k} along axis 1 of a widened tensor, as a tensor of the given batch shape. */
    static Tensor block(Tensor wide, int q, int k, int[] shape) {
        int n = wide.dim(0), per = wide.size() / Math.max(1, n) / k;
        Tensor out = Tensor.zeros(shape);
        float[] o = out.data(), w = wide.data();
        for (int i = 0; i < n; i++) {
            System.arraycopy(w, (i * k + q) * per, o, i * per, per);
        }
        return out;
    }
}
