package dev.loupe.nn;

import dev.loupe.tensor.MaxPool2x2;
import dev.loupe.tensor.Recycler;
import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * Max pooling over {@code [N, C, H, W]}. The forward pass records the switches (the argmax of each window) in a
 * {@link LayerState.PoolSwitches}; the backward pass, and DeconvNet's unpooling, route each output's signal to its
 * switch. Ties go to the first maximum in row-major order within the window, as PyTorch does on CPU; padding never
 * wins.
 *
 * @param window kernel, stride, padding, dilation and ceil mode
 */
public record MaxPool2d(PoolWindow window) implements Pooling {
    @Override
    public String kind() {
        return "maxpool2d";
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        return window.outputShape(describe(), inputShapes.get(0));
    }

    @Override
    public LayerOutput forward(List<Tensor> inputs, ForwardOptions options) {
        Tensor x = inputs.get(0);
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        int oh = window.outH(h), ow = window.outW(w);
        // every output and switch is written
        Tensor y = Tensor.toOverwrite(n, c, oh, ow);
        float[] xd = x.data(), yd = y.data();
        PoolWindow p = window;
        if (fast2x2(h, w, oh, ow)) {
            int[] switches = options.backward() ? Recycler.intsToOverwrite(y.size()) : null;
            options.parallel().forWork(x.size()).forChunks(n * c, (from, to, chunk) -> MaxPool2x2.instance()
                    .pool(xd, from, to - from, h, w, yd, switches, oh, ow));
            return switches == null ? LayerOutput.of(y) : new LayerOutput(y, new LayerState.PoolSwitches(switches));
        }
        int[] argmax = new int[y.size()];
        options.parallel().forWork(x.size()).forEach(n * c, plane -> {
            int in0 = plane * h * w;
            int out = plane * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, out++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int ky = 0; ky < p.kernelH(); ky++) {
                        int iy = oy * p.strideH() - p.padH() + ky * p.dilationH();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        for (int kx = 0; kx < p.kernelW(); kx++) {
                            int ix = ox * p.strideW() - p.padW() + kx * p.dilationW();
                            if (ix < 0 || ix >= w) {
                                continue;
                            }
                            float v = xd[in0 + iy * w + ix];
                            // strictly greater keeps the first maximum; NaN wins, as in PyTorch
                            if (at < 0 || v > best || Float.isNaN(v) && !Float.isNaN(best)) {
                                best = v;
                                at = in0 + iy * w + ix;
                            }
                        }
                    }
                    yd[out] = best;
                    argmax[out] = at;
                }
            }
        });
        return new LayerOutput(y, new LayerState.PoolSwitches(argmax));
    }

    /** Whether the window is the common 2×2, stride 2, unpadded one. */
    private boolean fast2x2(int h, int w, int oh, int ow) {
        PoolWindow p = window;
        return p.kernelH() == 2 && p.kernelW() == 2 && p.strideH() == 2 && p.strideW() == 2 && p.padH() == 0
                && p.padW() == 0 && p.dilationH() == 1 && p.dilationW() == 1 && 2 * oh <= h && 2 * ow <= w;
    }

    @Override
    public List<Tensor> backward(Step step, Tensor gradOutput) {
        return List.of(unpool(step, gradOutput));
    }

    /**
     * Sends each output element's signal to the input position its switch recorded (Zeiler &amp; Fergus's
     * unpooling); shape of the step's input.
     */
    public static Tensor unpool(Step step, Tensor signal) {
        int[] argmax = ((LayerState.PoolSwitches) step.state()).argmax();
        int[] shape = step.input().shape();
        Tensor gx = Tensor.zeros(shape);
        float[] g = signal.data(), d = gx.data();
        // a switch points into its own plane, so planes are independent and each keeps its serial order
        int planes = shape[0] * shape[1], perPlane = argmax.length / planes;
        step.parallel().forWork(gx.size()).forChunks(planes, (from, to, chunk) -> {
            for (int i = from * perPlane, end = to * perPlane; i < end; i++) {
                if (argmax[i] >= 0) {
                    d[argmax[i]] += g[i];
                }
            }
        });
        return gx;
    }

    @Override
    public String describe() {
        return window.describe("MaxPool2d") + ")";
    }
}
