package dev.loupe.tensor;

import java.util.Arrays;

/**
 * Unfolding of image patches into matrix columns and the adjoint folding, after Chellapilla, Puri &amp; Simard,
 * "High performance convolutional neural networks for document processing" (IWFHR 2006).
 *
 * <p>The column matrix of {@code cg} channels of one image has {@code cg·kH·kW} rows (channel-major, then kernel
 * row, then kernel column) and {@code outH·outW} columns; several images may lie side by side. For folding it may
 * sit inside a wider matrix: {@code colOff} is the position of its first element and {@code ld} the row stride.
 */
final class Im2col {
    private Im2col() {
    }

    /**
     * The column matrix {@code [cg·kH·kW, count·outH·outW]} of one channel group of consecutive images as a
     * {@link PanelSource}: {@link Gemm} packs it panel by panel straight from the images, so the full matrix is
     * never stored.
     *
     * @param x          the input {@code [N, C, H, W]} data
     * @param firstOff   offset of the group's first channel in the first image
     * @param imageSize  floats per image, {@code C·H·W}
     */
    record Columns(float[] x, int firstOff, int imageSize, ConvGeometry g, int h, int w, int oh, int ow)
            implements PanelSource {
        @Override
        public void pack(int p0, int kc, int j0, int nc, int nr, float[] dst) {
            int padded = (nc + nr - 1) / nr * nr;
            // Row p of every strip: runs of nr values, then a jump to the same row of the next strip.
            for (int p = 0; p < kc; p++) {
                gatherRow(p0 + p, j0, nc, dst, p * nr, nr, kc * nr - nr);
                for (int j = nc; j < padded; j++) {
                    dst[j / nr * nr * kc + p * nr + j % nr] = 0f;
                }
            }
        }

        /**
         * Writes {@code len} values of row {@code row} of the column matrix, from column {@code start} on, to
         * {@code dst} from {@code d}, skipping {@code gap} places after every {@code every} values.
         */
        private void gatherRow(int row, int start, int len, float[] dst, int d, int every, int gap) {
            int khw = g.kernelH() * g.kernelW();
            int ch = row / khw, ki = row % khw / g.kernelW(), kj = row % g.kernelW();
            int dy = ki * g.dilationH() - g.padH(), dx = kj * g.dilationW() - g.padW();
            int sw = g.strideW(), sh = g.strideH(), pixels = oh * ow;
            int lo = validFrom(dx, sw), hi = Math.max(lo, validTo(dx, sw, w, ow));
            int img = start / pixels, oy = start % pixels / ow, ox = start % ow;
            int rowOff = firstOff + img * imageSize + ch * h * w + dx;
            int left = every;
            for (int done = 0; done < len; ) {
                int seg = Math.min(Math.min(ow - ox, len - done), left);
                int iy = oy * sh + dy;
                if (iy < 0 || iy >= h) {
                    Arrays.fill(dst, d, d + seg, 0f);
                } else {
                    int a = Math.min(seg, Math.max(0, lo - ox)), b = Math.max(a, Math.min(seg, hi - ox));
                    Arrays.fill(dst, d, d + a, 0f);
                    int src = rowOff + iy * w + ox * sw;
                    if (sw == 1) {
                        System.arraycopy(x, src + a, dst, d + a, b - a);
                    } else {
                        for (int t = a; t < b; t++) {
                            dst[d + t] = x[src + t * sw];
                        }
                    }
                    Arrays.fill(dst, d + b, d + seg, 0f);
                }
                d += seg;
                done += seg;
                left -= seg;
                if (left == 0) {
                    d += gap;
                    left = every;
                }
                ox += seg;
                if (ox == ow) {
                    ox = 0;
                    if (++oy == oh) {
                        oy = 0;
                        rowOff += imageSize;
                    }
                }
            }
        }
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
