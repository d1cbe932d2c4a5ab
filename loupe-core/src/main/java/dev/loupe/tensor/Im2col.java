package dev.loupe.tensor;

/**
 * Unfolding of image patches into matrix columns and the adjoint folding, after Chellapilla, Puri &amp; Simard,
 * "High performance convolutional neural networks for document processing" (IWFHR 2006).
 */
final class Im2col {
    /** Runs shorter than this are folded by a plain loop: a vector call would only run its scalar tail. */
    private static final int SHORT_RUN = 16;

    private Im2col() {
    }

    /**
     * The column matrix of one channel group of consecutive images: {@code cg·kH·kW} rows (channel-major, then
     * kernel row, then kernel column) and {@code outH·outW} columns per image, the images side by side. Any
     * range of its columns can be stored ({@link #unfold}) or added back into the images ({@link #foldAdd}).
     *
     * @param x         the images {@code [N, C, H, W]}: read by unfolding, added to by folding
     * @param firstOff  offset of the group's first channel in the first image
     * @param imageSize floats per image, {@code C·H·W}
     */
    record Columns(float[] x, int firstOff, int imageSize, ConvGeometry g, int h, int w, int oh, int ow) {
        /**
         * Stores columns {@code [start, start+len)} of the rows of channels {@code [c0, c1)} (of the group) at
         * {@code dst[dOff + row·ld]}.
         */
        void unfold(int c0, int c1, int start, int len, float[] dst, int dOff, int ld) {
            rows(c0, c1, start, len, dst, dOff, ld, false);
        }

        /**
         * Adds columns {@code [start, start+len)} of the rows of channels {@code [c0, c1)}, stored at
         * {@code src[sOff + row·ld]}, back into those channels of the images. Different channels touch disjoint
         * pixels, so channel ranges may be folded in parallel.
         */
        void foldAdd(int c0, int c1, int start, int len, float[] src, int sOff, int ld) {
            rows(c0, c1, start, len, src, sOff, ld, true);
        }

        /**
         * Stores the rows of channels {@code [c0, c1)} (of the group) for the whole images {@code [first,
         * first+count)} straight into {@code panels}, the block's first column being the first image's first output
         * pixel: the unfolding and the GEMM's packing in one pass.
         */
        void unfoldInto(int c0, int c1, int first, int count, PackedPanels panels) {
            int khw = g.kernelH() * g.kernelW();
            if (gathers(panels.kernel())) {
                gatherInto(c0, c1, first, count, panels);
                return;
            }
            for (int r = c0 * khw; r < c1 * khw; r++) {
                images(r, first, count, panels.data(), 0, panels, false);
            }
        }

        /**
         * {@link #unfoldInto} without padding, where every patch lies inside its image: strip by strip, each kernel
         * tap's values for the strip's {@code nr} pixels are one {@link Gather} from the pixels' top-left input
         * offsets, so the strip is written in order. (Rows of 8 to 24 outputs made the copies of the
         * row-by-row walk short; gathering is 2.5–4.6× faster on seednet's and mnistnet's convolutions.) Where a
         * vector's pixels are at most two runs of neighbouring columns, which is nearly always, its lanes come from two
         * plain loads and a blend instead ({@link Gather#runs}).
         */
        private void gatherInto(int c0, int c1, int first, int count, PackedPanels panels) {
            int nr = panels.kernel().nr, kk = panels.k(), khw = g.kernelH() * g.kernelW();
            int[] corner = corners(first, panels.n(), nr), tap = taps(nr);
            // columns past n read the first pixel's patch: in bounds, and never stored into C
            float[] data = panels.data();
            Gather gather = Gather.INSTANCE;
            int lanes = gather.width(), r0 = c0 * khw, r1 = c1 * khw, reach = tap[r1 - 1] + lanes;
            for (int s = 0; s < corner.length; s += nr) {
                int d = s * kk + r0 * nr;
                for (int v = s; v < s + nr; v += lanes) {
                    int split = runLength(corner, v, lanes);
                    int second = split == lanes ? corner[v] : corner[v + split] - split;
                    boolean twoRuns = split == lanes || runLength(corner, v + split, lanes - split) == lanes - split;
                    if (twoRuns && second >= 0 && Math.max(corner[v], second) + reach <= x.length) {
                        gather.runs(x, tap, r0, r1, corner[v], second, split, data, d + v - s, nr);
                        continue;
                    }
                    for (int r = r0, at = d + v - s; r < r1; r++, at += nr) {
                        gather.apply(x, tap[r], corner, v, data, at, lanes);
                    }
                }
            }
        }

        /** How many of the {@code n} pixels from {@code j} on read consecutive input columns from the first. */
        private static int runLength(int[] corner, int j, int n) {
            int i = 1;
            while (i < n && corner[j + i] == corner[j] + i) {
                i++;
            }
            return i;
        }

        /**
         * The transposed column matrix, {@code [len, K]} with {@code len = count·outH·outW}, of the whole images
         * {@code [first, first+count)}, straight into {@code panels} ({@code k = len}, {@code n = K}): strips
         * {@code [s0, s1)} of {@code nr} kernel taps, each pixel's taps gathered at once. This is the operand
         * {@code cols^T} of the weight gradient, built without storing {@code cols}. Only where {@link #gathers}.
         */
        void unfoldTransposedInto(int s0, int s1, int first, int count, PackedPanels panels) {
            int nr = panels.kernel().nr, len = panels.k();
            int[] corner = corners(first, len, 1), tap = taps(nr);
            float[] data = panels.data();
            for (int s = s0; s < s1; s++) {
                for (int p = 0, d = s * len * nr; p < len; p++, d += nr) {
                    Gather.INSTANCE.apply(x, corner[p], tap, s * nr, data, d, nr);
                }
            }
        }

        /** Whether {@link #unfoldInto} and {@link #unfoldTransposedInto} can gather: no padding, whole vectors. */
        boolean gathers(GemmKernel kernel) {
            return g.padH() == 0 && g.padW() == 0 && kernel.nr % Gather.INSTANCE.width() == 0;
        }

        /**
         * The top-left input offset in {@code x} of each of the {@code len} output pixels of the images from
         * {@code first}, in column order; zero past len, to a multiple of {@code multiple}.
         */
        private int[] corners(int first, int len, int multiple) {
            int[] corner = new int[(len + multiple - 1) / multiple * multiple];
            for (int img = first, j = 0; j < len; img++) {
                for (int oy = 0; oy < oh && j < len; oy++) {
                    int row = firstOff + img * imageSize + oy * g.strideH() * w;
                    for (int ox = 0; ox < ow && j < len; ox++) {
                        corner[j++] = row + ox * g.strideW();
                    }
                }
            }
            return corner;
        }

        /** Each kernel tap's (column-matrix row's) offset from a patch's corner; zero past K, to a multiple of nr. */
        private int[] taps(int nr) {
            int khw = g.kernelH() * g.kernelW(), kk = g.inPerGroup() * khw;
            int[] tap = new int[(kk + nr - 1) / nr * nr];
            for (int r = 0; r < kk; r++) {
                int ch = r / khw, ki = r % khw / g.kernelW(), kj = r % g.kernelW();
                tap[r] = ch * h * w + ki * g.dilationH() * w + kj * g.dilationW();
            }
            return tap;
        }

        private void rows(int c0, int c1, int start, int len, float[] buf, int off, int ld, boolean fold) {
            int khw = g.kernelH() * g.kernelW(), pixels = oh * ow;
            boolean wholeImages = start % pixels == 0 && len % pixels == 0;
            for (int r = c0 * khw; r < c1 * khw; r++) {
                if (wholeImages) {
                    images(r, start / pixels, len / pixels, buf, off + r * ld, null, fold);
                } else {
                    walk(r, start, len, buf, off + r * ld, fold);
                }
            }
        }

        /**
         * {@link #walk} for whole images: row {@code row} of images {@code [first, first+count)}, output row by
         * output row, so that the inner loops run over one contiguous row of the image with no bookkeeping. The
         * row's values go to {@code buf[d]} onwards, or, with {@code panels}, to their places in its strips (runs
         * are cut where a strip ends).
         */
        private void images(int row, int first, int count, float[] buf, int d, PackedPanels panels, boolean fold) {
            int khw = g.kernelH() * g.kernelW();
            int ch = row / khw, ki = row % khw / g.kernelW(), kj = row % g.kernelW();
            int dy = ki * g.dilationH() - g.padH(), dx = kj * g.dilationW() - g.padW();
            int sw = g.strideW(), sh = g.strideH();
            int lo = Math.min(ow, validFrom(dx, sw)), hi = Math.max(lo, validTo(dx, sw, w, ow));
            int nr = panels == null ? 0 : panels.kernel().nr;
            for (int img = first, j = 0; img < first + count; img++) {
                int plane = firstOff + img * imageSize + ch * h * w + dx;
                for (int oy = 0; oy < oh; oy++, j += ow) {
                    int iy = oy * sh + dy;
                    boolean inside = iy >= 0 && iy < h;
                    int a = inside ? lo : ow, b = inside ? hi : ow, src = plane + iy * w;
                    if (panels == null) {
                        segment(src, sw, buf, d + j, a, b, ow, fold);
                        continue;
                    }
                    for (int t = 0; t < ow; ) {
                        int piece = Math.min(ow - t, nr - (j + t) % nr);
                        segment(src + t * sw, sw, buf, panels.of(row, j + t), clamp(a - t, piece),
                                clamp(b - t, piece), piece, false);
                        t += piece;
                    }
                }
            }
        }

        private static int clamp(int v, int max) {
            return Math.max(0, Math.min(max, v));
        }

        /**
         * One output row's run of {@code n} columns at {@code buf[d]}, whose image values start at {@code x[src]}
         * with stride {@code sw}; only columns {@code [a, b)} lie inside the image. Unfolding copies them (zeros
         * elsewhere), folding adds them back. Copies go through arraycopy, whose intrinsic handles short runs twice as
         * fast as a loop.
         */
        private void segment(int src, int sw, float[] buf, int d, int a, int b, int n, boolean fold) {
            if (fold && sw == 1 && b - a >= SHORT_RUN) {
                Saxpy.INSTANCE.apply(x, src + a, buf, d + a, b - a, 1f);
            } else if (fold && sw == 1) {
                for (int t = a; t < b; t++) {
                    x[src + t] += buf[d + t];
                }
            } else if (fold) {
                for (int t = a; t < b; t++) {
                    x[src + t * sw] += buf[d + t];
                }
            } else {
                for (int t = 0; t < a; t++) {
                    buf[d + t] = 0f;
                }
                if (sw == 1 && b > a) {
                    System.arraycopy(x, src + a, buf, d + a, b - a);
                } else if (sw != 1) {
                    for (int t = a; t < b; t++) {
                        buf[d + t] = x[src + t * sw];
                    }
                }
                for (int t = b; t < n; t++) {
                    buf[d + t] = 0f;
                }
            }
        }

        /**
         * Visits {@code len} values of row {@code row}, from column {@code start} on, at {@code buf[d]} onwards.
         * Unfolding writes the image values there (zero where the patch leaves the image); folding adds them to
         * the image.
         */
        private void walk(int row, int start, int len, float[] buf, int d, boolean fold) {
            int khw = g.kernelH() * g.kernelW();
            int ch = row / khw, ki = row % khw / g.kernelW(), kj = row % g.kernelW();
            int dy = ki * g.dilationH() - g.padH(), dx = kj * g.dilationW() - g.padW();
            int sw = g.strideW(), sh = g.strideH(), pixels = oh * ow;
            int lo = validFrom(dx, sw), hi = Math.max(lo, validTo(dx, sw, w, ow));
            int img = start / pixels, oy = start % pixels / ow, ox = start % ow;
            int rowOff = firstOff + img * imageSize + ch * h * w + dx;
            for (int done = 0; done < len; ) {
                int seg = Math.min(ow - ox, len - done);
                int iy = oy * sh + dy;
                boolean inside = iy >= 0 && iy < h;
                int a = inside ? Math.min(seg, Math.max(0, lo - ox)) : seg;
                int b = inside ? Math.max(a, Math.min(seg, hi - ox)) : seg;
                segment(rowOff + iy * w + ox * sw, sw, buf, d, a, b, seg, fold);
                d += seg;
                done += seg;
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
