package dev.loupe.tensor;

import java.util.Arrays;

/**
 * Unfolding of image patches into matrix columns and the adjoint folding, after Chellapilla, Puri &amp; Simard,
 * "High performance convolutional neural networks for document processing" (IWFHR 2006).
 */
final class Im2col {
    private Im2col() {
    }

    /**
     * The column matrix of one channel group of consecutive images: {@code cg·kH·kW} rows (channel-major, then
     * kernel row, then kernel column) and {@code outH·outW} columns per image, the images side by side. It is a
     * {@link PanelSource}, so {@link Gemm} can pack it straight from the images without storing it, and any range
     * of its columns can be stored ({@link #unfold}) or added back into the images ({@link #foldAdd}).
     *
     * @param x         the images {@code [N, C, H, W]}: read by unfolding, added to by folding
     * @param firstOff  offset of the group's first channel in the first image
     * @param imageSize floats per image, {@code C·H·W}
     */
    record Columns(float[] x, int firstOff, int imageSize, ConvGeometry g, int h, int w, int oh, int ow)
            implements PanelSource {
        @Override
        public void pack(int p0, int kc, int j0, int nc, GemmKernel kernel, float[] dst) {
            int nr = kernel.nr;
            int padded = (nc + nr - 1) / nr * nr;
            // Row p of every strip: runs of nr values, then a jump to the same row of the next strip.
            for (int p = 0; p < kc; p++) {
                walk(p0 + p, j0, nc, dst, p * nr, nr, kc * nr - nr, false);
                for (int j = nc; j < padded; j++) {
                    dst[j / nr * nr * kc + p * nr + j % nr] = 0f;
                }
            }
        }

        /**
         * Stores columns {@code [start, start+len)} of the rows of channels {@code [c0, c1)} (of the group) at
         * {@code dst[dOff + row·ld]}.
         */
        void unfold(int c0, int c1, int start, int len, float[] dst, int dOff, int ld) {
            int khw = g.kernelH() * g.kernelW();
            for (int r = c0 * khw; r < c1 * khw; r++) {
                walk(r, start, len, dst, dOff + r * ld, Integer.MAX_VALUE, 0, false);
            }
        }

        /**
         * Adds columns {@code [start, start+len)} of the rows of channels {@code [c0, c1)}, stored at
         * {@code src[sOff + row·ld]}, back into those channels of the images. Different channels touch disjoint
         * pixels, so channel ranges may be folded in parallel.
         */
        void foldAdd(int c0, int c1, int start, int len, float[] src, int sOff, int ld) {
            int khw = g.kernelH() * g.kernelW();
            for (int r = c0 * khw; r < c1 * khw; r++) {
                walk(r, start, len, src, sOff + r * ld, Integer.MAX_VALUE, 0, true);
            }
        }

        /**
         * Visits {@code len} values of row {@code row}, from column {@code start} on, at {@code buf[d]} onwards,
         * skipping {@code gap} places after every {@code every} values. Unfolding writes the image values there
         * (zero where the patch leaves the image); folding adds them to the image.
         */
        private void walk(int row, int start, int len, float[] buf, int d, int every, int gap, boolean fold) {
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
                boolean inside = iy >= 0 && iy < h;
                int a = inside ? Math.min(seg, Math.max(0, lo - ox)) : seg;
                int b = inside ? Math.max(a, Math.min(seg, hi - ox)) : seg;
                int src = rowOff + iy * w + ox * sw;
                if (fold) {
                    if (sw == 1) {
                        for (int t = a; t < b; t++) {
                            x[src + t] += buf[d + t];
                        }
                    } else {
                        for (int t = a; t < b; t++) {
                            x[src + t * sw] += buf[d + t];
                        }
                    }
                } else {
                    Arrays.fill(buf, d, d + a, 0f);
                    if (sw == 1) {
                        if (b > a) {
                            System.arraycopy(x, src + a, buf, d + a, b - a);
                        }
                    } else {
                        for (int t = a; t < b; t++) {
                            buf[d + t] = x[src + t * sw];
                        }
                    }
                    Arrays.fill(buf, d + b, d + seg, 0f);
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
