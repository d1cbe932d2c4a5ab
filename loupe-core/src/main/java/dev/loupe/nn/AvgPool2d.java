package dev.loupe.nn;

import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * Average pooling over {@code [N, C, H, W]}, as PyTorch's {@code nn.AvgPool2d} (no dilation).
 *
 * @param window           kernel, stride, padding and ceil mode (dilation must be 1)
 * @param countIncludePad  whether zero padding counts in the divisor
 */
public record AvgPool2d(PoolWindow window, boolean countIncludePad) implements Pooling {
    public AvgPool2d {
        if (window.dilationH() != 1 || window.dilationW() != 1) {
            throw new IllegalArgumentException("average pooling has no dilation: " + window);
        }
    }

    @Override
    public String kind() {
        return "avgpool2d";
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        return window.outputShape(describe(), inputShapes.get(0));
    }

    /** The divisor of output (oy, ox) for an h×w input, following PyTorch's rules for padding and ceil mode. */
    private int divisor(int oy, int ox, int h, int w) {
        PoolWindow p = window;
        int y0 = oy * p.strideH() - p.padH(), x0 = ox * p.strideW() - p.padW();
        int y1 = Math.min(y0 + p.kernelH(), h + p.padH()), x1 = Math.min(x0 + p.kernelW(), w + p.padW());
        int padded = (y1 - y0) * (x1 - x0);
        if (countIncludePad) {
            return padded;
        }
        return (Math.min(y1, h) - Math.max(y0, 0)) * (Math.min(x1, w) - Math.max(x0, 0));
    }

    @Override
    public LayerOutput forward(List<Tensor> inputs, ForwardOptions options) {
        Tensor x = inputs.get(0);
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        int oh = window.outH(h), ow = window.outW(w);
        Tensor y = Tensor.zeros(n, c, oh, ow);
        float[] xd = x.data(), yd = y.data();
        PoolWindow p = window;
        options.parallel().forWork(x.size()).forEach(n * c, plane -> {
            int in0 = plane * h * w;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int y0 = oy * p.strideH() - p.padH(), x0 = ox * p.strideW() - p.padW();
                    float s = 0;
                    for (int iy = Math.max(y0, 0); iy < Math.min(y0 + p.kernelH(), h); iy++) {
                        for (int ix = Math.max(x0, 0); ix < Math.min(x0 + p.kernelW(), w); ix++) {
                            s += xd[in0 + iy * w + ix];
                        }
                    }
                    yd[(plane * oh + oy) * ow + ox] = s / divisor(oy, ox, h, w);
                }
            }
        });
        return LayerOutput.of(y);
    }

    @Override
    public List<Tensor> backward(Step step, Tensor gradOutput) {
        Tensor x = step.input();
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        int oh = gradOutput.dim(2), ow = gradOutput.dim(3);
        Tensor gx = Tensor.zeros(x.shape());
        float[] g = gradOutput.data(), d = gx.data();
        PoolWindow p = window;
        step.parallel().forWork(x.size()).forEach(n * c, plane -> {
            int in0 = plane * h * w;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int y0 = oy * p.strideH() - p.padH(), x0 = ox * p.strideW() - p.padW();
                    float share = g[(plane * oh + oy) * ow + ox] / divisor(oy, ox, h, w);
                    for (int iy = Math.max(y0, 0); iy < Math.min(y0 + p.kernelH(), h); iy++) {
                        for (int ix = Math.max(x0, 0); ix < Math.min(x0 + p.kernelW(), w); ix++) {
                            d[in0 + iy * w + ix] += share;
                        }
                    }
                }
            }
        });
        return List.of(gx);
    }

    @Override
    public String describe() {
        return window.describe("AvgPool2d") + (countIncludePad ? "" : ", exclude pad") + ")";
    }
}
