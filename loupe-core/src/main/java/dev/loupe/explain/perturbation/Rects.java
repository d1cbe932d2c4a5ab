package dev.loupe.explain.perturbation;

import java.util.List;

/**
 * Receptive-field arithmetic for incremental occlusion: for every occluder placement, the rectangle of one layer's
 * output that the occluder can change. All placements share one rectangle size ({@code h × w}, the largest needed,
 * shifted to stay inside the map), so the changed regions of a whole batch form one dense tensor
 * {@code [B, C, h, w]}. A rectangle may be larger than the truly changed region; recomputing unchanged values is
 * harmless.
 *
 * @param h  rows of every rectangle
 * @param w  columns of every rectangle
 * @param y0 first row, per placement
 * @param x0 first column, per placement
 */
record Rects(int h, int w, int[] y0, int[] x0) {

    /** The rectangles of the occluder windows themselves on an {@code H × W} image. */
    static Rects ofWindows(List<Window> windows, int height, int width) {
        int p = windows.size();
        int[] lo = new int[p], hi = new int[p], left = new int[p], right = new int[p];
        for (int i = 0; i < p; i++) {
            Window win = windows.get(i);
            lo[i] = win.y0();
            hi[i] = win.y1() - 1;
            left[i] = win.x0();
            right[i] = win.x1() - 1;
        }
        return uniform(lo, hi, height, left, right, width);
    }

    /**
     * The rectangles of a sliding-window layer's output (convolution or pooling) whose windows touch these
     * rectangles of its input: output row {@code oy} reads input rows {@code oy·s − p + d·[0, k)}.
     */
    Rects through(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, int dilationH,
                  int dilationW, int outH, int outW) {
        int p = y0.length;
        int[] lo = new int[p], hi = new int[p], left = new int[p], right = new int[p];
        for (int i = 0; i < p; i++) {
            lo[i] = Math.max(0, ceilDiv(y0[i] + padH - dilationH * (kernelH - 1), strideH));
            hi[i] = Math.min(outH - 1, Math.floorDiv(y0[i] + h - 1 + padH, strideH));
            left[i] = Math.max(0, ceilDiv(x0[i] + padW - dilationW * (kernelW - 1), strideW));
            right[i] = Math.min(outW - 1, Math.floorDiv(x0[i] + w - 1 + padW, strideW));
        }
        return uniform(lo, hi, outH, left, right, outW);
    }

    /** Whether every rectangle covers the whole {@code height × width} map. */
    boolean covers(int height, int width) {
        return h >= height && w >= width;
    }

    private static Rects uniform(int[] lo, int[] hi, int height, int[] left, int[] right, int width) {
        int h = 1, w = 1;
        for (int i = 0; i < lo.length; i++) {
            h = Math.max(h, hi[i] - lo[i] + 1);
            w = Math.max(w, right[i] - left[i] + 1);
        }
        h = Math.min(h, height);
        w = Math.min(w, width);
        int[] y0 = new int[lo.length], x0 = new int[lo.length];
        for (int i = 0; i < lo.length; i++) {
            y0[i] = Math.max(0, Math.min(lo[i], height - h));
            x0[i] = Math.max(0, Math.min(left[i], width - w));
        }
        return new Rects(h, w, y0, x0);
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
