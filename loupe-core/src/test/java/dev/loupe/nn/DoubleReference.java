package dev.loupe.nn;

import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The oracle of the gradient checks: naive, independently written double-precision forward passes of every layer
 * kind (direct loops, no im2col, no GEMM, no shared helpers with the engine). Parameters are passed as double
 * arrays so that finite differences can perturb them by far less than a float ulp.
 */
final class DoubleReference {
    private DoubleReference() {
    }

    /** A dense double tensor in C order. */
    record D(double[] data, int[] shape) {
        static D of(Tensor t) {
            float[] f = t.data();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return new D(d, t.shape());
        }

        int dim(int axis) {
            return shape[axis];
        }

        int size() {
            return data.length;
        }

        /** {@code Σ data · weights}, the scalar that finite differences differentiate. */
        double dot(Tensor weights) {
            double s = 0;
            for (int i = 0; i < data.length; i++) {
                s += data[i] * weights.data()[i];
            }
            return s;
        }
    }

    /** The layer's parameters and buffers as double arrays, in {@link Layer#parameters()} order. */
    static List<double[]> parameters(Layer layer) {
        List<double[]> out = new ArrayList<>();
        for (Parameter p : layer.parameters()) {
            out.add(D.of(p.value()).data());
        }
        return out;
    }

    /**
     * The layer's output for double inputs and parameters. {@code state} supplies what cannot be recomputed (the
     * dropout mask of a training step); batch statistics are recomputed from the input.
     */
    static D forward(Layer layer, List<double[]> params, List<D> in, boolean training, LayerState state) {
        D x = in.get(0);
        if (layer instanceof Conv2d conv) {
            return conv(x, params.get(0), conv.bias() == null ? null : params.get(1), conv.geometry());
        } else if (layer instanceof Linear) {
            return linear(x, params.get(0), params.size() > 1 ? params.get(1) : null);
        } else if (layer instanceof ReLU) {
            return map(x, v -> v > 0 ? v : 0);
        } else if (layer instanceof MaxPool2d mp) {
            return maxPool(x, mp.window());
        } else if (layer instanceof AvgPool2d ap) {
            return avgPool(x, ap.window(), ap.countIncludePad());
        } else if (layer instanceof GlobalAvgPool) {
            return globalAvgPool(x);
        } else if (layer instanceof BatchNorm2d bn) {
            return batchNorm(x, params, bn.eps(), training);
        } else if (layer instanceof Dropout) {
            if (training && state instanceof LayerState.DropoutMask dm) {
                D mask = D.of(dm.mask());
                double[] y = x.data.clone();
                for (int i = 0; i < y.length; i++) {
                    y[i] *= mask.data[i];
                }
                return new D(y, x.shape);
            }
            return x;
        } else if (layer instanceof Flatten) {
            return new D(x.data, new int[] {x.dim(0), x.size() / x.dim(0)});
        } else if (layer instanceof Softmax) {
            return softmax(x, false);
        } else if (layer instanceof LogSoftmax) {
            return softmax(x, true);
        } else if (layer instanceof Add) {
            double[] y = x.data.clone();
            for (int i = 0; i < y.length; i++) {
                y[i] += in.get(1).data[i];
            }
            return new D(y, x.shape);
        }
        throw new IllegalArgumentException("no reference for " + layer);
    }

    /**
     * Runs a whole model in double: every node's output by name, with the node's parameters from {@code params}
     * (by node name; nodes missing there use their own parameters) and states from {@code states}.
     */
    static Map<String, D> run(Model model, D input, Map<String, List<double[]>> params, boolean training,
                              Function<String, LayerState> states) {
        Map<String, D> out = new HashMap<>();
        out.put(Model.INPUT, input);
        for (Node node : model.nodes()) {
            List<D> in = node.inputs().stream().map(out::get).toList();
            List<double[]> p = params.containsKey(node.name()) ? params.get(node.name()) : parameters(node.layer());
            out.put(node.name(), forward(node.layer(), p, in, training, states.apply(node.name())));
        }
        return out;
    }

    private static D map(D x, java.util.function.DoubleUnaryOperator f) {
        double[] y = new double[x.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = f.applyAsDouble(x.data[i]);
        }
        return new D(y, x.shape);
    }

    static D conv(D x, double[] w, double[] b, ConvGeometry g) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3), o = g.outChannels();
        int oh = (h + 2 * g.padH() - g.dilationH() * (g.kernelH() - 1) - 1) / g.strideH() + 1;
        int ow = (wd + 2 * g.padW() - g.dilationW() * (g.kernelW() - 1) - 1) / g.strideW() + 1;
        int cin = c / g.groups(), cout = o / g.groups();
        double[] y = new double[n * o * oh * ow];
        for (int img = 0; img < n; img++) {
            for (int oc = 0; oc < o; oc++) {
                int group = oc / cout;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double s = b == null ? 0 : b[oc];
                        for (int ci = 0; ci < cin; ci++) {
                            int ch = group * cin + ci;
                            for (int ky = 0; ky < g.kernelH(); ky++) {
                                int iy = oy * g.strideH() - g.padH() + ky * g.dilationH();
                                for (int kx = 0; kx < g.kernelW(); kx++) {
                                    int ix = ox * g.strideW() - g.padW() + kx * g.dilationW();
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                        s += x.data[((img * c + ch) * h + iy) * wd + ix]
                                                * w[((oc * cin + ci) * g.kernelH() + ky) * g.kernelW() + kx];
                                    }
                                }
                            }
                        }
                        y[((img * o + oc) * oh + oy) * ow + ox] = s;
                    }
                }
            }
        }
        return new D(y, new int[] {n, o, oh, ow});
    }

    static D linear(D x, double[] w, double[] b) {
        int n = x.dim(0), in = x.size() / n, out = w.length / in;
        double[] y = new double[n * out];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int k = 0; k < in; k++) {
                    s += x.data[i * in + k] * w[o * in + k];
                }
                y[i * out + o] = s;
            }
        }
        return new D(y, new int[] {n, out});
    }

    /** PyTorch's pooled size: floor or ceil, and a ceil-mode window must start inside the input or left padding. */
    static int pooledSize(int in, int k, int s, int p, int d, boolean ceil) {
        int num = in + 2 * p - d * (k - 1) - 1;
        int out = (ceil ? (num + s - 1) / s : num / s) + 1;
        if (ceil && (out - 1) * s >= in + p) {
            out--;
        }
        return out;
    }

    static D maxPool(D x, PoolWindow p) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        int oh = pooledSize(h, p.kernelH(), p.strideH(), p.padH(), p.dilationH(), p.ceilMode());
        int ow = pooledSize(w, p.kernelW(), p.strideW(), p.padW(), p.dilationW(), p.ceilMode());
        double[] y = new double[n * c * oh * ow];
        for (int plane = 0; plane < n * c; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int ky = 0; ky < p.kernelH(); ky++) {
                        for (int kx = 0; kx < p.kernelW(); kx++) {
                            int iy = oy * p.strideH() - p.padH() + ky * p.dilationH();
                            int ix = ox * p.strideW() - p.padW() + kx * p.dilationW();
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                m = Math.max(m, x.data[(plane * h + iy) * w + ix]);
                            }
                        }
                    }
                    y[(plane * oh + oy) * ow + ox] = m;
                }
            }
        }
        return new D(y, new int[] {n, c, oh, ow});
    }

    static D avgPool(D x, PoolWindow p, boolean countIncludePad) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        int oh = pooledSize(h, p.kernelH(), p.strideH(), p.padH(), 1, p.ceilMode());
        int ow = pooledSize(w, p.kernelW(), p.strideW(), p.padW(), 1, p.ceilMode());
        double[] y = new double[n * c * oh * ow];
        for (int plane = 0; plane < n * c; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    // the window, clipped to the padded input; then to the input itself
                    int ys = oy * p.strideH() - p.padH(), xs = ox * p.strideW() - p.padW();
                    int ye = Math.min(ys + p.kernelH(), h + p.padH()), xe = Math.min(xs + p.kernelW(), w + p.padW());
                    int paddedCount = (ye - ys) * (xe - xs);
                    ys = Math.max(ys, 0);
                    xs = Math.max(xs, 0);
                    ye = Math.min(ye, h);
                    xe = Math.min(xe, w);
                    double s = 0;
                    for (int iy = ys; iy < ye; iy++) {
                        for (int ix = xs; ix < xe; ix++) {
                            s += x.data[(plane * h + iy) * w + ix];
                        }
                    }
                    int count = countIncludePad ? paddedCount : (ye - ys) * (xe - xs);
                    y[(plane * oh + oy) * ow + ox] = s / count;
                }
            }
        }
        return new D(y, new int[] {n, c, oh, ow});
    }

    static D globalAvgPool(D x) {
        int planes = x.dim(0) * x.dim(1), area = x.dim(2) * x.dim(3);
        double[] y = new double[planes];
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < area; i++) {
                y[p] += x.data[p * area + i] / area;
            }
        }
        return new D(y, new int[] {x.dim(0), x.dim(1), 1, 1});
    }

    /** Params: weight, bias, running mean, running variance. Training uses the batch mean and biased variance. */
    static D batchNorm(D x, List<double[]> params, double eps, boolean training) {
        int n = x.dim(0), c = x.dim(1), area = x.dim(2) * x.dim(3);
        double[] gamma = params.get(0), beta = params.get(1);
        double[] y = new double[x.size()];
        for (int ch = 0; ch < c; ch++) {
            double mean = params.get(2)[ch], var = params.get(3)[ch];
            if (training) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < area; k++) {
                        s += x.data[(i * c + ch) * area + k];
                    }
                }
                mean = s / (n * area);
                double ss = 0;
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < area; k++) {
                        double d = x.data[(i * c + ch) * area + k] - mean;
                        ss += d * d;
                    }
                }
                var = ss / (n * area);
            }
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < area; k++) {
                    int at = (i * c + ch) * area + k;
                    y[at] = (x.data[at] - mean) / Math.sqrt(var + eps) * gamma[ch] + beta[ch];
                }
            }
        }
        return new D(y, x.shape);
    }

    static D softmax(D x, boolean log) {
        int n = x.dim(0), k = x.size() / n;
        double[] y = new double[x.size()];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(x.data[i * k + j]);
            }
            for (int j = 0; j < k; j++) {
                y[i * k + j] = log ? x.data[i * k + j] - Math.log(sum) : Math.exp(x.data[i * k + j]) / sum;
            }
        }
        return new D(y, x.shape);
    }
}
