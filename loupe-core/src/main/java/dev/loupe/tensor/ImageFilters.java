package dev.loupe.tensor;

/**
 * Image operations on NCHW batches that explanation methods share: Gaussian blur, bilinear resizing and circular
 * translation. Every method returns a new tensor and leaves its argument unchanged.
 */
public final class ImageFilters {
    private ImageFilters() {
    }

    /**
     * Separable Gaussian blur of every channel of {@code x [N, C, H, W]} with standard deviation {@code sigma} pixels
     * and a kernel of radius {@code ceil(3σ)}, normalised to sum 1. Borders are replicated (clamped), so a constant
     * image stays constant. {@code sigma ≤ 0} returns a copy.
     */
    public static Tensor gaussianBlur(Tensor x, double sigma) {
        if (!(sigma > 0)) {
            return x.copy();
        }
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            sum += Math.exp(-(i * i) / (2 * sigma * sigma));
        }
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) (Math.exp(-(i * i) / (2 * sigma * sigma)) / sum);
        }
        int planes = x.dim(0) * x.dim(1), h = x.dim(2), w = x.dim(3);
        Tensor out = Tensor.zeros(x.shape());
        float[] src = x.data(), dst = out.data();
        float[] tmp = new float[h * w];
        for (int p = 0; p < planes; p++) {
            int off = p * h * w;
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    float s = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int sx = Math.min(w - 1, Math.max(0, xx + k));
                        s += kernel[k + radius] * src[off + y * w + sx];
                    }
                    tmp[y * w + xx] = s;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    float s = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int sy = Math.min(h - 1, Math.max(0, y + k));
                        s += kernel[k + radius] * tmp[sy * w + xx];
                    }
                    dst[off + y * w + xx] = s;
                }
            }
        }
        return out;
    }

    /**
     * Bilinear resize of {@code x [N, C, H, W]} to {@code [N, C, outH, outW]} with half-pixel centres and edge
     * clamping, as PyTorch's {@code interpolate(mode='bilinear', align_corners=False)} (no antialiasing).
     */
    public static Tensor resizeBilinear(Tensor x, int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("resize target must be at least 1x1, got " + outH + "x" + outW);
        }
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        Tensor out = Tensor.zeros(n, c, outH, outW);
        float[] src = x.data(), dst = out.data();
        int[] y0 = new int[outH], y1 = new int[outH];
        float[] fy = new float[outH];
        axis(h, outH, y0, y1, fy);
        int[] x0 = new int[outW], x1 = new int[outW];
        float[] fx = new float[outW];
        axis(w, outW, x0, x1, fx);
        for (int p = 0; p < n * c; p++) {
            int si = p * h * w, di = p * outH * outW;
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    float top = src[si + y0[oy] * w + x0[ox]] * (1 - fx[ox]) + src[si + y0[oy] * w + x1[ox]] * fx[ox];
                    float bot = src[si + y1[oy] * w + x0[ox]] * (1 - fx[ox]) + src[si + y1[oy] * w + x1[ox]] * fx[ox];
                    dst[di + oy * outW + ox] = top * (1 - fy[oy]) + bot * fy[oy];
                }
            }
        }
        return out;
    }

    private static void axis(int in, int out, int[] lo, int[] hi, float[] frac) {
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            double src = Math.max(0, (o + 0.5) * scale - 0.5);
            int i0 = Math.min((int) Math.floor(src), in - 1);
            lo[o] = i0;
            hi[o] = Math.min(i0 + 1, in - 1);
            frac[o] = (float) (src - i0);
        }
    }

    /**
     * Circular translation: output {@code (y, x)} takes input {@code ((y − dy) mod H, (x − dx) mod W)}, so content
     * moves down by {@code dy} and right by {@code dx}. Rolling by {@code (−dy, −dx)} undoes it exactly.
     */
    public static Tensor roll(Tensor x, int dy, int dx) {
        int planes = x.dim(0) * x.dim(1), h = x.dim(2), w = x.dim(3);
        Tensor out = Tensor.zeros(x.shape());
        float[] src = x.data(), dst = out.data();
        for (int p = 0; p < planes; p++) {
            int off = p * h * w;
            for (int y = 0; y < h; y++) {
                int sy = Math.floorMod(y - dy, h);
                for (int xx = 0; xx < w; xx++) {
                    dst[off + y * w + xx] = src[off + sy * w + Math.floorMod(xx - dx, w)];
                }
            }
        }
        return out;
    }
}
