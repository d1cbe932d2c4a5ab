package dev.loupe.explain.cam;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;

/**
 * Resizing a map {@code [N, C, h, w]} to {@code [N, C, H, W]} exactly as PyTorch's {@code F.interpolate} does on
 * the CPU, in float32.
 */
public enum Interpolation {
    /**
     * Bilinear with {@code align_corners=False}: source coordinate {@code (dst + ½)·in/out − ½}, clamped below at 0;
     * the right and bottom neighbours are clamped to the edge.
     */
    BILINEAR("bilinear"),
    /**
     * Bilinear with {@code align_corners=True} (PyTorch's {@code UpsamplingBilinear2d}): the corner pixels of input
     * and output coincide, source coordinate {@code dst·(in − 1)/(out − 1)}.
     */
    BILINEAR_ALIGNED("bilinear-aligned"),
    /** PyTorch's legacy {@code nearest}: source index {@code min(floor(dst·in/out), in − 1)}, scale in float. */
    NEAREST("nearest");

    private final String label;

    Interpolation(String label) {
        this.label = label;
    }

    /** The registry spelling. */
    public String label() {
        return label;
    }

    /** The mode of a registry spelling. */
    public static Interpolation of(String label) {
        for (Interpolation i : values()) {
            if (i.label.equals(label)) {
                return i;
            }
        }
        throw new LoupeException("unknown interpolation '" + label + "'; use bilinear, bilinear-aligned or nearest");
    }

    /** {@code map [N, C, h, w]} resized to {@code [N, C, height, width]}. */
    public Tensor resize(Tensor map, int height, int width) {
        int n = map.dim(0), c = map.dim(1), h = map.dim(2), w = map.dim(3);
        Tensor out = Tensor.zeros(n, c, height, width);
        float[] s = map.data(), d = out.data();
        float sy = (float) h / height, sx = (float) w / width;
        int[] y0 = new int[height], y1 = new int[height], x0 = new int[width], x1 = new int[width];
        float[] ly = new float[height], lx = new float[width];
        sourceIndices(h, height, sy, y0, y1, ly);
        sourceIndices(w, width, sx, x0, x1, lx);
        // bilinear: each source row is interpolated along x once, then pairs of those rows along y (the same
        // operations, in the same order, as interpolating the four neighbours of every output pixel)
        float[] rows = new float[h * width];
        for (int p = 0; p < n * c; p++) {
            int in = p * h * w, o = p * height * width;
            if (this == NEAREST) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        d[o + y * width + x] = s[in + y0[y] * w + x0[x]];
                    }
                }
                continue;
            }
            for (int r = 0; r < h; r++) {
                int row = in + r * w;
                for (int x = 0; x < width; x++) {
                    rows[r * width + x] = (1f - lx[x]) * s[row + x0[x]] + lx[x] * s[row + x1[x]];
                }
            }
            for (int y = 0; y < height; y++) {
                int top = y0[y] * width, bottom = y1[y] * width, at = o + y * width;
                float up = 1f - ly[y], down = ly[y];
                for (int x = 0; x < width; x++) {
                    d[at + x] = up * rows[top + x] + down * rows[bottom + x];
                }
            }
        }
        return out;
    }

    private void sourceIndices(int in, int out, float scale, int[] i0, int[] i1, float[] lambda) {
        for (int dst = 0; dst < out; dst++) {
            if (this == NEAREST) {
                i0[dst] = Math.min((int) Math.floor(dst * scale), in - 1);
                continue;
            }
            float src;
            if (this == BILINEAR_ALIGNED) {
                src = out > 1 ? (float) (in - 1) / (out - 1) * dst : 0f;
            } else {
                src = scale * (dst + 0.5f) - 0.5f;
                if (src < 0) {
                    src = 0;
                }
            }
            int lo = (int) src;
            i0[dst] = lo;
            i1[dst] = lo < in - 1 ? lo + 1 : lo;
            lambda[dst] = src - lo;
        }
    }
}
