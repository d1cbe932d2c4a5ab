package dev.loupe.data;

/**
 * Resamples one image plane (row-major floats) to another size.
 *
 * <p>Shrinking uses area averaging: each output pixel is the mean of the input area it covers, with fractional
 * weights at the edges, so no input pixel is skipped and fine detail does not alias. Enlarging uses bilinear
 * interpolation with pixel centres at half-integer coordinates (the convention of PyTorch's
 * {@code align_corners=False}). Each axis is resampled on its own, so one axis can shrink while the other grows.
 */
final class Resize {
    private Resize() {
    }

    /** {@code src} [h, w] resampled to [outH, outW]. */
    static float[] plane(float[] src, int h, int w, int outH, int outW) {
        if (h == outH && w == outW) {
            return src.clone();
        }
        float[] rows = new float[h * outW]; // resample along x: [h, outW]
        float[][] wx = weights(w, outW);
        int[] fx = firstIndex(w, outW);
        for (int y = 0; y < h; y++) {
            for (int ox = 0; ox < outW; ox++) {
                double s = 0;
                float[] k = wx[ox];
                for (int j = 0; j < k.length; j++) {
                    s += k[j] * src[y * w + fx[ox] + j];
                }
                rows[y * outW + ox] = (float) s;
            }
        }
        float[] out = new float[outH * outW]; // then along y: [outH, outW]
        float[][] wy = weights(h, outH);
        int[] fy = firstIndex(h, outH);
        for (int oy = 0; oy < outH; oy++) {
            float[] k = wy[oy];
            for (int ox = 0; ox < outW; ox++) {
                double s = 0;
                for (int j = 0; j < k.length; j++) {
                    s += k[j] * rows[(fy[oy] + j) * outW + ox];
                }
                out[oy * outW + ox] = (float) s;
            }
        }
        return out;
    }

    /** For each output index, the first input index it reads. */
    private static int[] firstIndex(int in, int out) {
        int[] first = new int[out];
        for (int o = 0; o < out; o++) {
            first[o] = out < in ? (int) Math.floor((double) o * in / out) : bilinearLow(o, in, out);
        }
        return first;
    }

    /** For each output index, the weights of consecutive input indices starting at {@link #firstIndex}. */
    private static float[][] weights(int in, int out) {
        float[][] w = new float[out][];
        for (int o = 0; o < out; o++) {
            if (out < in) { // area: the output pixel covers [o * scale, (o + 1) * scale) of the input
                double scale = (double) in / out;
                double lo = o * scale;
                double hi = Math.min(in, (o + 1) * scale);
                int first = (int) Math.floor(lo);
                int last = Math.min(in - 1, (int) Math.ceil(hi) - 1);
                w[o] = new float[last - first + 1];
                for (int i = first; i <= last; i++) {
                    double cover = Math.min(hi, i + 1) - Math.max(lo, i);
                    w[o][i - first] = (float) (cover / scale);
                }
            } else { // bilinear between the two nearest input centres
                double x = (o + 0.5) * in / out - 0.5;
                int low = bilinearLow(o, in, out);
                double t = Math.max(0, Math.min(1, x - low));
                w[o] = in == 1 || low == in - 1 ? new float[] {1f} : new float[] {(float) (1 - t), (float) t};
            }
        }
        return w;
    }

    private static int bilinearLow(int o, int in, int out) {
        double x = (o + 0.5) * in / out - 0.5;
        return Math.max(0, Math.min(in - 1, (int) Math.floor(x)));
    }
}
