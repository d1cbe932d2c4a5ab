package dev.loupe.tensor;

import java.util.Arrays;

/**
 * 2-D convolution (cross-correlation, as in PyTorch) on NCHW tensors by im2col and {@link Gemm}, forward and
 * backward for both data and weights.
 *
 * <p>Shapes: input {@code x [N, C, H, W]}, weight {@code [O, C/groups, kH, kW]}, bias {@code [O]}, output
 * {@code [N, O, outH, outW]} with the sizes of {@link ConvGeometry#outH}/{@link ConvGeometry#outW}. Zero padding,
 * any stride, dilation and group count.
 *
 * <p>Each group is one product per image: {@code Y_g [O/groups, outH·outW] = W_g [O/groups, K] · cols [K,
 * outH·outW]} with {@code K = C/groups·kH·kW} and {@code cols} the {@link Im2col} unfolding (Chellapilla et al.
 * 2006), stored a block of columns at a time in per-thread scratch small enough to stay in cache for the GEMM
 * that reads it. When an image has few output pixels, several images go side by side so that each product has a
 * wide N. The data
 * gradient is {@code col2im(W_g^T · gradOut_g)} and the weight gradient {@code gradOut_g · cols^T} (or its
 * transpose, when that fills the register tiles better); a 1×1 convolution with stride 1 and no padding skips the
 * unfolding. The backward passes work on blocks of at most a few million floats, so large images do not need
 * large buffers. Buffers are per-thread scratch and reused. An image whose output gradient is mostly zeros (below a
 * max pooling and a rectifier) takes both backward passes over its nonzeros alone instead ({@link SparseGradient}),
 * when its channels per group fill whole vectors.
 *
 * <p>Work is split over images when {@link Parallel#chunks} gives more than one chunk for the batch, else over
 * the GEMM's tiles and the channels of the unfolding. The weight gradient sums per-chunk partials in chunk order.
 * No reduction depends on timing, so results are bitwise reproducible for a given thread count. The output and
 * the data gradient of an image are the same bits whatever the batch around it and whatever the thread count.
 */
public final class Convolution {
    /** Aim for GEMMs at least this many columns wide when batching images side by side. */
    private static final int WIDE_COLUMNS = 1024;
    /**
     * Output floats per group of one image from which images go one to a GEMM after all: its product is wide enough,
     * and it is written straight into the output instead of through scratch (measured on mnistnet: its two
     * convolutions' forward passes 17% and 10% faster than with two images side by side).
     */
    private static final int ONE_IMAGE_OUTPUT_FLOATS = 1 << 14;
    /** Upper bound on the floats of one block's scratch (column matrix, gathered gradients or wide output). */
    private static final int MAX_WIDE_FLOATS = 1 << 22;

    private Convolution() {
    }

    /** {@code y = conv(x, weight) + bias}, {@code [N, O, outH, outW]}. {@code bias} may be null. */
    public static Tensor forward(Tensor x, Tensor weight, Tensor bias, ConvGeometry g, Parallel parallel) {
        return forward(x, weight, bias, g, parallel, false);
    }

    /**
     * {@link #forward(Tensor, Tensor, Tensor, ConvGeometry, Parallel) forward}, where {@code constantWeight} says
     * that the weight is a model's own and never changes in place (see {@link Gemm#forgetConstant}): its packing for
     * the GEMM is then kept between calls instead of being redone for every block of images. The same bits either
     * way.
     */
    public static Tensor forward(Tensor x, Tensor weight, Tensor bias, ConvGeometry g, Parallel parallel,
                                 boolean constantWeight) {
        Tensor y = Tensor.toOverwrite(outputShape(x, weight, bias, g));
        compute(x, weight, bias, g, parallel, constantWeight, y);
        return y;
    }

    /**
     * {@link #forward(Tensor, Tensor, Tensor, ConvGeometry, Parallel, boolean) forward} into {@code y}
     * {@code [N, O, outH, outW]}, whose every value is written (its contents before do not matter).
     */
    public static void forwardInto(Tensor x, Tensor weight, Tensor bias, ConvGeometry g, Parallel parallel,
                                   boolean constantWeight, Tensor y) {
        int[] shape = outputShape(x, weight, bias, g);
        if (!Arrays.equals(y.shape(), shape)) {
            throw new IllegalArgumentException("convolution output must be " + Arrays.toString(shape) + ", got "
                    + y.shapeString());
        }
        compute(x, weight, bias, g, parallel, constantWeight, y);
    }

    /** The output shape {@code [N, O, outH, outW]}, after checking the input, weight and bias against {@code g}. */
    private static int[] outputShape(Tensor x, Tensor weight, Tensor bias, ConvGeometry g) {
        checkRank(x, "input");
        int c = x.dim(1), h = x.dim(2), w = x.dim(3);
        if (c != g.inChannels()) {
            throw new IllegalArgumentException("convolution expects " + g.inChannels() + " input channels, got " + c);
        }
        checkWeight(weight, bias, g);
        int oh = g.outH(h), ow = g.outW(w);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException("input " + h + "x" + w + " is smaller than the kernel " + g.kernelH()
                    + "x" + g.kernelW());
        }
        return new int[] {x.dim(0), g.outChannels(), oh, ow};
    }

    /** The forward pass into {@code y}, whose shape has been checked. */
    private static void compute(Tensor x, Tensor weight, Tensor bias, ConvGeometry g, Parallel parallel,
                                boolean constantWeight, Tensor y) {
        int n = x.dim(0), h = x.dim(2), w = x.dim(3), oh = y.dim(2), ow = y.dim(3);
        Plan plan = new Plan(g, h, w, oh, ow);
        float[] xd = x.data(), wd = weight.data(), yd = y.data();
        float[] bd = bias == null ? null : bias.data();
        int og = g.outPerGroup(), pixels = plan.pixels, kk = plan.kk;
        // one kept packing per array: groups would replace each other's
        boolean keep = constantWeight && g.groups() == 1;
        Parallel inner = parallel.chunks(n) > 1 ? Parallel.serial() : parallel.forWork((long) kk * pixels * g.groups());
        parallel.forChunks(n, (from, to, chunk) -> plan.forEachBlock(from, to, (i0, count, start, len) -> {
            for (int grp = 0; grp < g.groups(); grp++) {
                // Bias is added after the sum in both branches, so an image gets the same bits in any batch.
                if (count == 1) {
                    int yOff = (i0 * g.outChannels() + grp * og) * pixels + start;
                    plan.product(wd, grp, xd, i0, count, start, len, yd, yOff, pixels, keep, inner);
                    addBias(bd, grp * og, og, yd, yOff, pixels, len);
                } else {
                    float[] out = Scratch.floats(Scratch.WIDE, og * len);
                    plan.product(wd, grp, xd, i0, count, start, len, out, 0, len, keep, inner);
                    // the bias over whole rows of the product: long loops vectorize, an image's few pixels did not
                    addBias(bd, grp * og, og, out, 0, len, len);
                    for (int j = 0; j < count; j++) {
                        for (int o = 0; o < og; o++) {
                            System.arraycopy(out, o * len + j * pixels, yd,
                                    ((i0 + j) * g.outChannels() + grp * og + o) * pixels, pixels);
                        }
                    }
                }
            }
        }));
    }

    /** Adds {@code bias[b0 + o]} to the {@code len} values of row o at {@code y[off + o·ld]}, for {@code o < rows}. */
    private static void addBias(float[] bias, int b0, int rows, float[] y, int off, int ld, int len) {
        if (bias == null) {
            return;
        }
        for (int o = 0; o < rows; o++) {
            float b = bias[b0 + o];
            for (int p = off + o * ld, end = p + len; p < end; p++) {
                y[p] += b;
            }
        }
    }

    /** Gradient with respect to the input: {@code [N, C, inH, inW]} from {@code gradOut [N, O, outH, outW]}. */
    public static Tensor backwardData(Tensor gradOut, Tensor weight, ConvGeometry g, int inH, int inW,
                                      Parallel parallel) {
        checkRank(gradOut, "output gradient");
        checkWeight(weight, null, g);
        checkGradOut(gradOut, g, g.outH(inH), g.outW(inW));
        Tensor gx = Tensor.zeros(gradOut.dim(0), g.inChannels(), inH, inW);
        backwardPasses(null, gradOut, weight, g, inH, inW, gx, null, null, parallel);
        return gx;
    }

    /**
     * Adds the weight gradient {@code [O, C/groups, kH, kW]} into {@code gradWeight} and, when not null, the bias
     * gradient {@code [O]} into {@code gradBias}.
     */
    public static void backwardWeights(Tensor x, Tensor gradOut, ConvGeometry g, Tensor gradWeight, Tensor gradBias,
                                       Parallel parallel) {
        checkInput(x, gradOut, g);
        checkWeight(gradWeight, gradBias, g);
        backwardPasses(x, gradOut, null, g, x.dim(2), x.dim(3), null, gradWeight, gradBias, parallel);
    }

    /**
     * {@link #backwardWeights} and then {@link #backwardData} with {@code weight}, in one pass over the images: the
     * backward step of training. The same bits as the two calls; an image's sparse output gradient is collected once
     * for both ({@link SparseGradient}).
     *
     * @return the data gradient {@code [N, C, H, W]}
     */
    public static Tensor backward(Tensor x, Tensor gradOut, Tensor weight, ConvGeometry g, Tensor gradWeight,
                                  Tensor gradBias, Parallel parallel) {
        checkInput(x, gradOut, g);
        checkWeight(weight, null, g);
        checkWeight(gradWeight, gradBias, g);
        Tensor gx = Tensor.zeros(x.shape());
        backwardPasses(x, gradOut, weight, g, x.dim(2), x.dim(3), gx, gradWeight, gradBias, parallel);
        return gx;
    }

    /**
     * The backward passes over images {@code [0, N)}, checked: with {@code gx} not null, the data gradient (from
     * {@code weight}) into it; with {@code gradWeight} not null, the weight and bias gradients (from the input
     * {@code x}) added into them. Images whose output gradient is sparse enough take {@link SparseGradient}'s passes,
     * the others the dense ones, in blocks.
     */
    private static void backwardPasses(Tensor x, Tensor gradOut, Tensor weight, ConvGeometry g, int h, int w,
                                       Tensor gx, Tensor gradWeight, Tensor gradBias, Parallel parallel) {
        int n = gradOut.dim(0);
        Plan plan = new Plan(g, h, w, g.outH(h), g.outW(w));
        float[] gd = gradOut.data();
        float[] xd = x == null ? null : x.data(), wd = weight == null ? null : weight.data();
        float[] gxd = gx == null ? null : gx.data();
        boolean data = gx != null, weights = gradWeight != null;
        int chunks = parallel.chunks(n), imageSize = g.inChannels() * h * w;
        Parallel inner = chunks > 1 ? Parallel.serial() : parallel.forWork((long) plan.kk * plan.pixels * g.groups());
        // Few kernel taps and many channels (a first layer) fill the GEMM's register tiles better transposed.
        boolean transposed = Gemm.tileUse(plan.kk, g.outPerGroup()) > 1.25 * Gemm.tileUse(g.outPerGroup(), plan.kk);
        float[][] partW = new float[chunks][];
        float[][] partB = new float[chunks][];
        boolean sparsePossible = SparseGradient.applies(g, plan.pixels);
        float[] tapsFirst = sparsePossible && data ? SparseGradient.tapsFirst(wd, g, false) : null;
        SparseGradient.Taps taps = sparsePossible ? SparseGradient.Taps.of(g, h, w) : null;
        parallel.forChunks(n, (from, to, chunk) -> {
            float[] pw = weights ? new float[gradWeight.size()] : null;
            float[] pb = weights ? new float[g.outChannels()] : null;
            // the sparse images' weight gradient, [O, kH, kW, C/groups], once there is one
            float[][] sparsePart = new float[1][];
            BlockBody dense = (i0, count, start, len) -> plan.addGradients(gd, xd, wd, i0, count, start, len,
                    transposed, pw, pb, gxd, inner);
            plan.forEachRun(from, to, gd, sparsePossible, dense, (img, sparse) -> {
                if (weights) {
                    if (sparsePart[0] == null) {
                        sparsePart[0] = new float[gradWeight.size()];
                    }
                    sparse.addWeightGradient(taps, sparse.paddedInput(xd, img * imageSize, taps), sparsePart[0]);
                    sparse.addBiasGradient(pb);
                }
                if (data) {
                    float[] dx = sparse.zeroedPaddedGradient(taps);
                    sparse.addDataGradient(taps, tapsFirst, dx);
                    SparseGradient.unpad(dx, taps, gxd, img * imageSize);
                }
            });
            if (weights) {
                float[] whole = transposed ? untranspose(pw, g.groups(), plan.kk, g.outPerGroup()) : pw;
                if (sparsePart[0] != null) {
                    float[] channelsFirst = SparseGradient.tapsFirst(sparsePart[0], g, true);
                    for (int i = 0; i < whole.length; i++) {
                        whole[i] += channelsFirst[i];
                    }
                }
                partW[chunk] = whole;
                partB[chunk] = pb;
            }
        });
        if (weights && n > 0) {
            addInOrder(partW, gradWeight.data());
            if (gradBias != null) {
                addInOrder(partB, gradBias.data());
            }
        }
    }

    /**
     * {@code x[off] + … + x[off+n-1]} in four interleaved partial sums, added pairwise at the end: four independent
     * chains instead of one, whose add latency bounded the bias gradient. The order is fixed, so the result is too.
     */
    static float sum(float[] x, int off, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int p = 0;
        for (; p + 4 <= n; p += 4) {
            s0 += x[off + p];
            s1 += x[off + p + 1];
            s2 += x[off + p + 2];
            s3 += x[off + p + 3];
        }
        for (; p < n; p++) {
            s0 += x[off + p];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Turns per-group {@code [K, O/groups]} blocks into {@code [O/groups, K]} blocks. */
    private static float[] untranspose(float[] t, int groups, int kk, int og) {
        float[] out = new float[t.length];
        for (int grp = 0; grp < groups; grp++) {
            int base = grp * og * kk;
            for (int r = 0; r < kk; r++) {
                for (int o = 0; o < og; o++) {
                    out[base + o * kk + r] = t[base + r * og + o];
                }
            }
        }
        return out;
    }

    private static void addInOrder(float[][] parts, float[] target) {
        for (float[] part : parts) {
            for (int i = 0; i < target.length; i++) {
                target[i] += part[i];
            }
        }
    }

    /** An array, the offset at which a GEMM operand starts in it and its row stride. */
    private record Operand(float[] data, int offset, int ld) {
    }

    /** Work on the nonzero output gradient of image {@code img}, collected in {@code nonzeros}. */
    @FunctionalInterface
    private interface SparseBody {
        void run(int img, SparseGradient nonzeros);
    }

    /** Work on columns {@code [start, start+len)} of the side-by-side column matrix of images from {@code i0}. */
    @FunctionalInterface
    private interface BlockBody {
        void run(int i0, int count, int start, int len);
    }

    /** Sizes derived from the geometry and the image size, and the shared ways to build GEMM operands. */
    private static final class Plan {
        final ConvGeometry g;
        final int h, w, oh, ow, pixels, kk;
        /** A 1×1 kernel with stride 1 and no padding: the input is its own column matrix. */
        final boolean pointwise;

        Plan(ConvGeometry g, int h, int w, int oh, int ow) {
            this.g = g;
            this.h = h;
            this.w = w;
            this.oh = oh;
            this.ow = ow;
            this.pixels = oh * ow;
            this.kk = g.inPerGroup() * g.kernelH() * g.kernelW();
            this.pointwise = g.kernelH() == 1 && g.kernelW() == 1 && g.strideH() == 1 && g.strideW() == 1
                    && g.padH() == 0 && g.padW() == 0;
        }

        /** Most columns of one stored block, so that scratch stays within {@link #MAX_WIDE_FLOATS}. */
        private int maxColumns() {
            return Math.max(WIDE_COLUMNS, MAX_WIDE_FLOATS / Math.max(kk, g.outChannels()));
        }

        /** How many images of a chunk of {@code available} go side by side into one GEMM. */
        int imagesPerGemm(int available) {
            int byWidth = (long) g.outPerGroup() * pixels >= ONE_IMAGE_OUTPUT_FLOATS ? 1
                    : (WIDE_COLUMNS + pixels - 1) / pixels;
            int byMemory = Math.max(1, maxColumns() / pixels);
            return Math.max(1, Math.min(available, Math.min(byWidth, byMemory)));
        }

        /**
         * Cuts images {@code [from, to)} into blocks of columns, in order: several whole images side by side when
         * images are small, else parts of one image no wider than {@link #maxColumns()}.
         */
        void forEachBlock(int from, int to, BlockBody body) {
            int max = maxColumns();
            if (pixels <= max) {
                int nb = imagesPerGemm(to - from);
                for (int i0 = from; i0 < to; i0 += nb) {
                    int count = Math.min(nb, to - i0);
                    body.run(i0, count, 0, count * pixels);
                }
                return;
            }
            for (int img = from; img < to; img++) {
                for (int start = 0; start < pixels; start += max) {
                    body.run(img, 1, start, Math.min(max, pixels - start));
                }
            }
        }

        /**
         * Runs images {@code [from, to)} in order: those whose output gradient is sparse enough
         * ({@link SparseGradient#collect}), when {@code sparsePossible}, one by one through {@code sparse}; the runs
         * of others in blocks through {@code dense} ({@link #forEachBlock}).
         */
        void forEachRun(int from, int to, float[] gradOut, boolean sparsePossible, BlockBody dense,
                        SparseBody sparse) {
            if (!sparsePossible) {
                forEachBlock(from, to, dense);
                return;
            }
            SparseGradient nonzeros = SparseGradient.forThread();
            int denseFrom = from;
            for (int img = from; img < to; img++) {
                if (nonzeros.collect(gradOut, img * g.outChannels() * pixels, g.outChannels(), pixels)) {
                    if (denseFrom < img) {
                        forEachBlock(denseFrom, img, dense);
                    }
                    sparse.run(img, nonzeros);
                    denseFrom = img + 1;
                }
            }
            if (denseFrom < to) {
                forEachBlock(denseFrom, to, dense);
            }
        }

        /**
         * The dense backward passes of columns {@code [start, start+len)} of the images from {@code i0}: each group's
         * output gradient is gathered once for both. With {@code gx} not null, the data gradient goes into it; with
         * {@code gradWeight} not null, the weight gradient ({@code [K, O/groups]} per group when {@code transposed})
         * is added into it and, for the images that end in this block, their bias gradients into {@code gradBias},
         * image by image.
         */
        void addGradients(float[] gradOut, float[] x, float[] weight, int i0, int count, int start, int len,
                          boolean transposed, float[] gradWeight, float[] gradBias, float[] gx, Parallel parallel) {
            for (int grp = 0; grp < g.groups(); grp++) {
                Operand gy = gather(gradOut, i0, grp, count, start, len);
                if (gradWeight != null) {
                    addWeightGradient(gy, x, i0, grp, count, start, len, transposed, gradWeight, parallel);
                }
                if (gx != null) {
                    addDataGradient(gy, weight, i0, grp, count, start, len, gx, parallel);
                }
            }
            if (gradWeight != null && start + len == pixels * count) {
                for (int img = i0; img < i0 + count; img++) {
                    for (int o = 0; o < g.outChannels(); o++) {
                        gradBias[o] += sum(gradOut, (img * g.outChannels() + o) * pixels, pixels);
                    }
                }
            }
        }

        /**
         * Group {@code grp}'s data gradient from its output gradient {@code gy}: {@code cols = W_g^T · gradOut_g},
         * folded into {@code gx} (or written straight into it for a 1×1 convolution of one image).
         */
        private void addDataGradient(Operand gy, float[] weight, int i0, int grp, int count, int start, int len,
                                     float[] gx, Parallel parallel) {
            int og = g.outPerGroup(), cg = g.inPerGroup(), c = g.inChannels();
            if (pointwise && count == 1) {
                // gx_g [C/groups, H·W] = W_g^T · gradOut_g, straight into the image
                Gemm.sgemm(true, false, kk, len, og, weight, grp * og * kk, kk, gy.data, gy.offset, gy.ld,
                        false, gx, (i0 * c + grp * cg) * h * w + start, pixels, parallel);
                return;
            }
            // cols [K, len] = W_g^T [K, O/groups] · gradOut_g [O/groups, len], folded back into the images
            float[] cols = Scratch.floats(Scratch.COLUMNS, kk * len);
            Gemm.sgemm(true, false, kk, len, og, weight, grp * og * kk, kk, gy.data, gy.offset, gy.ld,
                    false, cols, 0, len, parallel);
            Im2col.Columns image = columns(gx, i0, grp);
            parallel.forChunks(cg, (c0, c1, part) -> image.foldAdd(c0, c1, start, len, cols, 0, len));
        }

        /** Adds group {@code grp}'s weight gradient from its output gradient {@code gy} into {@code gradWeight}. */
        private void addWeightGradient(Operand gy, float[] x, int i0, int grp, int count, int start, int len,
                                       boolean transposed, float[] gradWeight, Parallel parallel) {
            int og = g.outPerGroup();
            if (!transposed && weightGradientByGathers(gy, x, i0, grp, count, start, len, gradWeight, parallel)) {
                return;
            }
            Operand cols = unfolded(x, i0, grp, count, start, len, parallel);
            if (transposed) {
                // dW_g^T [K, O/groups] += cols [K, len] · gradOut_g^T [len, O/groups]
                Gemm.sgemm(false, true, kk, og, len, cols.data, cols.offset, cols.ld, gy.data, gy.offset,
                        gy.ld, true, gradWeight, grp * og * kk, og, parallel);
            } else {
                // dW_g [O/groups, K] += gradOut_g [O/groups, len] · cols^T [len, K]
                Gemm.sgemm(false, true, og, kk, len, gy.data, gy.offset, gy.ld, cols.data, cols.offset,
                        cols.ld, true, gradWeight, grp * og * kk, kk, parallel);
            }
        }

        /** The column matrix of group {@code grp} of the images in {@code x} from image {@code i0} on. */
        Im2col.Columns columns(float[] x, int i0, int grp) {
            int imageSize = g.inChannels() * h * w;
            return new Im2col.Columns(x, i0 * imageSize + grp * g.inPerGroup() * h * w, imageSize, g, h, w, oh, ow);
        }

        /**
         * {@code y_g [O/groups, len] = W_g · cols} for columns {@code [start, start+len)} of group {@code grp}'s
         * column matrix of the images from {@code i0}, written at {@code y[yOff]} with row stride {@code ldy}. Whole
         * images are unfolded straight into the GEMM's packed layout (one pass instead of an unfolding and a
         * packing); parts of an image and 1×1 convolutions go through {@link #unfolded}. With {@code keepWeight} the
         * weight's packing is kept ({@link Gemm#sgemmConstantA}).
         */
        void product(float[] weight, int grp, float[] x, int i0, int count, int start, int len, float[] y, int yOff,
                     int ldy, boolean keepWeight, Parallel parallel) {
            int og = g.outPerGroup(), wOff = grp * og * kk;
            if (pointwise || start % pixels != 0 || len != count * pixels) {
                Operand cols = unfolded(x, i0, grp, count, start, len, parallel);
                Gemm.sgemm(false, false, og, len, kk, weight, wOff, kk, cols.data, cols.offset, cols.ld, false, y,
                        yOff, ldy, parallel);
                return;
            }
            GemmKernel kernel = Gemm.currentKernel();
            PackedPanels panels = PackedPanels.inScratch(kernel, kk, len);
            Im2col.Columns image = columns(x, i0, grp);
            int first = start / pixels;
            parallel.forChunks(g.inPerGroup(), (c0, c1, part) -> image.unfoldInto(c0, c1, first, count, panels));
            if (keepWeight) {
                Gemm.sgemmConstantA(false, og, weight, wOff, kk, panels, false, y, yOff, ldy, parallel);
            } else {
                Gemm.sgemm(false, og, weight, wOff, kk, panels, false, y, yOff, ldy, parallel);
            }
        }

        /**
         * {@code dW_g [O/groups, K] += gradOut_g [O/groups, len] · cols^T}, with {@code cols^T} gathered straight
         * into the GEMM's packed strips ({@link Im2col.Columns#unfoldTransposedInto}) instead of being stored and then
         * packed transposed; false, doing nothing, where that does not apply (padding, parts of an image, 1×1).
         */
        boolean weightGradientByGathers(Operand gy, float[] x, int i0, int grp, int count, int start, int len,
                                        float[] gradWeight, Parallel parallel) {
            GemmKernel kernel = Gemm.currentKernel();
            Im2col.Columns image = columns(x, i0, grp);
            if (pointwise || start % pixels != 0 || len != count * pixels || !image.gathers(kernel)) {
                return false;
            }
            PackedPanels panels = PackedPanels.inScratch(kernel, len, kk);
            int first = start / pixels, strips = (kk + kernel.nr - 1) / kernel.nr;
            parallel.forChunks(strips, (s0, s1, part) -> image.unfoldTransposedInto(s0, s1, first, count, panels));
            int og = g.outPerGroup();
            Gemm.sgemm(false, og, gy.data, gy.offset, gy.ld, panels, true, gradWeight, grp * og * kk, kk, parallel);
            return true;
        }

        /**
         * Columns {@code [start, start+len)} of that matrix stored as {@code [K, len]}, or the input itself for a
         * 1×1 convolution of one image. (The weight gradient reads it transposed; stored columns pack faster so.)
         */
        Operand unfolded(float[] x, int i0, int grp, int count, int start, int len, Parallel parallel) {
            if (pointwise && count == 1) {
                return new Operand(x, (i0 * g.inChannels() + grp * g.inPerGroup()) * h * w + start, pixels);
            }
            float[] cols = Scratch.floats(Scratch.COLUMNS, kk * len);
            Im2col.Columns image = columns(x, i0, grp);
            parallel.forChunks(g.inPerGroup(), (c0, c1, part) -> image.unfold(c0, c1, start, len, cols, 0, len));
            return new Operand(cols, 0, len);
        }

        /**
         * Group {@code grp} of the output gradients, columns {@code [start, start+len)} of images from {@code i0}
         * side by side, as {@code [O/groups, len]}: in place for part of one image, else gathered into scratch.
         */
        Operand gather(float[] gradOut, int i0, int grp, int count, int start, int len) {
            int og = g.outPerGroup();
            if (count == 1) {
                return new Operand(gradOut, (i0 * g.outChannels() + grp * og) * pixels + start, pixels);
            }
            float[] dst = Scratch.floats(Scratch.WIDE, og * len);
            for (int j = 0; j < count; j++) {
                for (int o = 0; o < og; o++) {
                    System.arraycopy(gradOut, ((i0 + j) * g.outChannels() + grp * og + o) * pixels, dst,
                            o * len + j * pixels, pixels);
                }
            }
            return new Operand(dst, 0, len);
        }
    }

    private static void checkInput(Tensor x, Tensor gradOut, ConvGeometry g) {
        checkRank(x, "input");
        checkRank(gradOut, "output gradient");
        if (x.dim(1) != g.inChannels() || gradOut.dim(0) != x.dim(0)) {
            throw new IllegalArgumentException("convolution input " + x.shapeString() + " does not match "
                    + gradOut.shapeString() + " and " + g);
        }
        checkGradOut(gradOut, g, g.outH(x.dim(2)), g.outW(x.dim(3)));
    }

    private static void checkRank(Tensor t, String what) {
        if (t.rank() != 4) {
            throw new IllegalArgumentException("convolution " + what + " must be NCHW, got " + t.shapeString());
        }
    }

    private static void checkWeight(Tensor weight, Tensor bias, ConvGeometry g) {
        int[] expected = {g.outChannels(), g.inPerGroup(), g.kernelH(), g.kernelW()};
        if (!Arrays.equals(weight.shape(), expected)) {
            throw new IllegalArgumentException("convolution weight must be " + Arrays.toString(expected) + " for "
                    + g + ", got " + weight.shapeString());
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != g.outChannels())) {
            throw new IllegalArgumentException("convolution bias must be [" + g.outChannels() + "], got "
                    + bias.shapeString());
        }
    }

    private static void checkGradOut(Tensor gradOut, ConvGeometry g, int oh, int ow) {
        if (gradOut.dim(1) != g.outChannels() || gradOut.dim(2) != oh || gradOut.dim(3) != ow) {
            throw new IllegalArgumentException("convolution output gradient must be [N, " + g.outChannels() + ", "
                    + oh + ", " + ow + "], got " + gradOut.shapeString());
        }
    }
}
