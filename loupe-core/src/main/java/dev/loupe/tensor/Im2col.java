package dev.loupe.tensor;

import java.util.Arrays;

/**
 * Unfolding of image patches into matrix columns and the adjoint folding, after Chellapilla, Puri &amp; Simard,
 * "High performance convolutional neural networks for document processing" (IWFHR 2006).
 *
 * <p>The column matrix of {@code cg} channels of one image has {@code cg·kH·kW} rows (channel-major, then kernel
 * row, then kernel column) and {@code outH·outW} columns. It may sit inside a wider matrix, so that several images
 * lie side by side: {@code colOff} is the position of its first element and {@code ld} the row stride.
 */
final class Im2col {
    private Im2col() {
    }

    /** Writes the columns of {@code cg} channels of one image starting at {@code x[xOff]}; zero outside the image. */
    static void unfold(float[] x, int xOff, int cg, int h, int w, ConvGeometry g, int oh, int ow,
                       float[] cols, int colOff, int ld) {
        int sw = g.strideW();
        int row = 0;
        for (int ch = 0; ch < cg; ch++) {
            int chOff = xOff + ch * h * w;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                int dy = ki * g.dilationH() - g.padH();
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int dx = kj * g.dilationW() - g.padW();
                    int lo = validFrom(dx, sw), hi = Math.max(lo, validTo(dx, sw, w, ow));
                    int base = colOff + row * ld;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * g.strideH() + dy;
                        int dst = base + oy * ow;
                        if (iy < 0 || iy >= h) {
                            Arrays.fill(cols, dst, dst + ow, 0f);
                            continue;
                        }
                        Arrays.fill(cols, dst, dst + lo, 0f);
                        int src = chOff + iy * w + dx;
                        if (sw == 1) {
                            System.arraycopy(x, src + lo, cols, dst + lo, hi - lo);
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                cols[dst + ox] = x[src + ox * sw];
                            }
                        }
                        Arrays.fill(cols, dst + hi, dst + ow, 0f);
                    }
                }
            }
        }
    }

    /** Adds the columns back into {@code cg} channels of one image starting at {@code x[xOff]} (the adjoint). */
    static void foldAdd(float[] cols, int colOff, int ld, int cg, int h, int w, ConvGeometry g, int oh, int ow,
                        float[] x, int xOff) {
        int sw = g.strideW();
        int row = 0;
        for (int ch = 0; ch < cg; ch++) {
            int chOff = xOff + ch * h * w;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                int dy = ki * g.dilationH() - g.padH();
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int dx = kj * g.dilationW() - g.padW();
                    int lo = validFrom(dx, sw), hi = validTo(dx, sw, w, ow);
                    int base = colOff + row * ld;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * g.strideH() + dy;
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int src = base + oy * ow;
                        int dst = chOff + iy * w + dx;
                        for (int ox = lo; ox < hi; ox++) {
                            x[dst + ox * sw] += cols[src + ox];
                        }
                    }
                }
            }
        }
    }

    /** First output column whose input column {@code ox·sw + dx} is not left of the image. */
    private static int validFrom(int dx, int sw) {
        return dx >= 0 ? 0 : (-dx + sw - 1) / sw;
    }

    /** One past the last output column whose input column lies inside an image {@code w} wide. */
    private static int validTo(int dx, int sw, int w, int ow) {
        int last = w - 1 - dx;
        return last < 0 ? 0 : Math.min(ow, last / sw + 1);
    }
}
