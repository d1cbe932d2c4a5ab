package dev.loupe.nn;

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
        Tensor y = Tensor.zeros(n, c, oh, ow);
        float[] xd = x.data(), yd = y.data();
        PoolWindow p = window;
        if (fast2x2(h, w, oh, ow)) {
            if (!options.backward()) {
                options.parallel().forWork(x.size()).forEach(n * c, plane -> max2x2(xd, plane * h * w, w, yd,
                        plane * oh * ow, oh, ow));
                return LayerOutput.of(y);
            }
            int[] switches = new int[y.size()];
            options.parallel().forWork(x.size()).forEach(n * c, plane -> pool2x2(xd, plane * h * w, w, yd, switches,
                    plane * oh * ow, oh, ow));
            return new LayerOutput(y, new LayerState.PoolSwitches(switches));
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

    /**
     * {@link #pool2x2} without switches, for a pass that is not walked back: the maxima only ({@code Math.max}
     * keeps NaN; of tied zeros it returns +0 where the strict rule would keep a leading −0).
     */
    private static void max2x2(float[] x, int in0, int w, float[] y, int out0, int oh, int ow) {
        for (int oy = 0; oy < oh; oy++) {
            int r0 = in0 + 2 * oy * w, r1 = r0 + w;
            int out = out0 + oy * ow;
            for (int ox = 0; ox < ow; ox++, out++) {
                int a = r0 + 2 * ox, b = r1 + 2 * ox;
                y[out] = Math.max(Math.max(x[a], x[a + 1]), Math.max(x[b], x[b + 1]));
            }
        }
    }

    /**
     * The common 2×2, stride-2 window without padding, with the same tie rule: candidates are visited in row-major
     * order and only a strictly greater value (or a NaN) replaces the current maximum.
     *
     * <p>Which of the four candidates wins is random on real activations, so a compare-and-branch per candidate
     * mispredicts often. When the maximum is finite, the winner is instead the first candidate equal to it, picked
     * with bit masks and no branch; {@code v − m} is ±0 exactly when {@code v == m} for finite m (and −0 ties
     * +0, as the strict rule requires). An infinite or NaN maximum, which is rare, takes the compare path.
     */
    private static void pool2x2(float[] x, int in0, int w, float[] y, int[] argmax, int out0, int oh, int ow) {
        for (int oy = 0; oy < oh; oy++) {
            int r0 = in0 + 2 * oy * w, r1 = r0 + w;
            int out = out0 + oy * ow;
            for (int ox = 0; ox < ow; ox++, out++) {
                int a = r0 + 2 * ox, b = r1 + 2 * ox;
                float v0 = x[a], v1 = x[a + 1], v2 = x[b], v3 = x[b + 1];
                float m = Math.max(Math.max(v0, v1), Math.max(v2, v3));
                int at;
                if (Math.abs(m) < Float.POSITIVE_INFINITY) {
                    at = pick(equalMask(v2, m), b, b + 1);
                    at = pick(equalMask(v1, m), a + 1, at);
                    at = pick(equalMask(v0, m), a, at);
                } else {
                    at = firstMaximum(x, a, b);
                }
                y[out] = x[at];
                argmax[out] = at;
            }
        }
    }

    /** All ones when {@code v == m} (m finite), else zeros: {@code v − m} is then ±0, and only then. */
    private static int equalMask(float v, float m) {
        int magnitude = Float.floatToRawIntBits(v - m) & 0x7fffffff;
        return (magnitude - 1) >> 31;
    }

    /** {@code mask == −1 ? chosen : other}, without a branch. */
    private static int pick(int mask, int chosen, int other) {
        return other ^ ((chosen ^ other) & mask);
    }

    /** The compare path of {@link #pool2x2} for a window at rows {@code a} and {@code b}. */
    private static int firstMaximum(float[] x, int a, int b) {
        int at = a;
        float best = x[a];
        for (int i : new int[] {a + 1, b, b + 1}) {
            if (x[i] > best || Float.isNaN(x[i]) && !Float.isNaN(best)) {
                best = x[i];
                at = i;
            }
        }
        return at;
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
        Tensor gx = Tensor.zeros(step.input().shape());
        float[] g = signal.data(), d = gx.data();
        for (int i = 0; i < argmax.length; i++) {
            if (argmax[i] >= 0) {
                d[argmax[i]] += g[i];
            }
        }
        return gx;
    }

    @Override
    public String describe() {
        return window.describe("MaxPool2d") + ")";
    }
}
