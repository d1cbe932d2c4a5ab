package dev.loupe.explain.perturbation;

import dev.loupe.nn.AvgPool2d;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Layer;
import dev.loupe.nn.Linear;
import dev.loupe.nn.MaxPool2d;
import dev.loupe.nn.PoolWindow;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Convolution;
import dev.loupe.tensor.Gemm;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Saxpy;
import dev.loupe.tensor.Splice;
import dev.loupe.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * One layer of the incremental prefix of {@link OccludedEvaluator}. It turns the changed region of its input, a
 * batch of patches {@code [B, C, h, w]} placed at {@link Rects} over the unoccluded activation, into the changed
 * region of its output. Values outside a patch are those of the unoccluded forward pass.
 */
sealed interface PatchStage {

    /** The occlusions of one evaluation batch: occlusion b is image {@code image[b]} under window {@code window[b]}. */
    record Batch(int[] image, int[] window, Parallel parallel) {
        int size() {
            return image.length;
        }

        ForwardOptions options() {
            return ForwardOptions.prediction(parallel);
        }
    }

    /** The patches of this layer's output, given those of its input. */
    Tensor run(Tensor patch, Batch batch);

    /** The rectangles of the output patches. */
    Rects outRects();

    /**
     * A convolution, computed from the change of its input: being linear, {@code conv(x + δ) = conv(x) + conv₀(δ)}
     * (no bias), and δ is non-zero only inside the input patch, so each changed input value is scattered through the
     * kernel onto the outputs it reaches. The cost is proportional to the input patch, not to the output map.
     *
     * <p>For the usual stride-1, undilated, ungrouped convolution, one input position reaches, through kernel row
     * ky, a run of kW consecutive output columns; with the weight stored as {@code [C, kH, kW reversed, O]} and the
     * accumulator as {@code [rows, cols, O]}, that is one contiguous run of {@code kW·O} values, and with several
     * input channels their sum is a matrix product ({@code Spread}). Other geometries take the general per-tap path.
     *
     * @param conv     the layer
     * @param baseIn   unoccluded input {@code [N, C, H, W]}
     * @param baseOut  unoccluded output {@code [N, O, H', W']}
     * @param in       input patch rectangles
     * @param out      output patch rectangles
     * @param weightT  the weight as {@code [C, kH, kW, O/groups]} ({@code kW} reversed on the fast path)
     */
    record ConvDelta(Conv2d conv, Tensor baseIn, Tensor baseOut, Rects in, Rects out, float[] weightT)
            implements PatchStage {
        /**
         * Occlusions whose input changes go through one product on the stride-1 path: enough rows for the GEMM's
         * register tiles, few enough that the product's output stays in cache.
         */
        private static final int OCCLUSIONS_PER_PRODUCT = 8;
        /**
         * Input channels from which the stride-1 path sums them in a product ({@code Spread}): its fold then adds a
         * small fraction of the multiply-adds it saves; with fewer, the per-value runs of {@code scatterRuns} win.
         */
        private static final int MIN_CHANNELS_FOR_PRODUCT = 4;

        static ConvDelta of(Conv2d conv, Tensor baseIn, Tensor baseOut, Rects in, Rects out,
                            Map<Layer, float[]> cache) {
            return new ConvDelta(conv, baseIn, baseOut, in, out, cache.computeIfAbsent(conv, l -> rearrange(conv)));
        }

        private static float[] rearrange(Conv2d conv) {
            ConvGeometry g = conv.geometry();
            int cg = g.inPerGroup(), og = g.outPerGroup(), kh = g.kernelH(), kw = g.kernelW();
            boolean reversed = fast(g);
            float[] w = conv.weight().data();
            float[] t = new float[g.inChannels() * kh * kw * og];
            for (int c = 0; c < g.inChannels(); c++) {
                int grp = c / cg, cl = c - grp * cg;
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        int tx = reversed ? kw - 1 - kx : kx;
                        for (int o = 0; o < og; o++) {
                            t[((c * kh + ky) * kw + tx) * og + o] = w[(((grp * og + o) * cg + cl) * kh + ky) * kw + kx];
                        }
                    }
                }
            }
            return t;
        }

        private static boolean fast(ConvGeometry g) {
            return g.groups() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.dilationH() == 1
                    && g.dilationW() == 1;
        }

        @Override
        public Rects outRects() {
            return out;
        }

        @Override
        public Tensor run(Tensor patch, Batch batch) {
            ConvGeometry g = conv.geometry();
            int oc = baseOut.dim(1), qh = out.h(), qw = out.w();
            Tensor result = Tensor.zeros(batch.size(), oc, qh, qw);
            boolean fast = fast(g);
            int accRows = fast ? in.h() + g.kernelH() - 1 : qh, accCols = fast ? in.w() + g.kernelW() - 1 : qw;
            boolean product = fast && baseIn.dim(1) >= MIN_CHANNELS_FOR_PRODUCT;
            batch.parallel().forChunks(batch.size(), (from, to, chunk) -> {
                float[] acc = new float[accRows * accCols * oc];
                if (product) {
                    Spread spread = new Spread(Math.min(OCCLUSIONS_PER_PRODUCT, to - from));
                    for (int start = from; start < to; start += OCCLUSIONS_PER_PRODUCT) {
                        int end = Math.min(to, start + OCCLUSIONS_PER_PRODUCT);
                        spread.multiply(patch, batch, start, end);
                        for (int b = start; b < end; b++) {
                            java.util.Arrays.fill(acc, 0f);
                            spread.fold(b - start, acc, accCols);
                            addToBase(batch, b, acc, accRows, accCols, accY0(b, batch), accX0(b, batch), result);
                        }
                    }
                    return;
                }
                for (int b = from; b < to; b++) {
                    java.util.Arrays.fill(acc, 0f);
                    if (fast) {
                        scatterRuns(patch, batch, b, acc, accCols);
                        addToBase(batch, b, acc, accRows, accCols, accY0(b, batch), accX0(b, batch), result);
                    } else {
                        scatterTaps(patch, batch, b, acc);
                        int win = batch.window()[b];
                        addToBase(batch, b, acc, accRows, accCols, out.y0()[win], out.x0()[win], result);
                    }
                }
            });
            return result;
        }

        /** First row of the stride-1 accumulator of occlusion b, in output coordinates. */
        private int accY0(int b, Batch batch) {
            ConvGeometry g = conv.geometry();
            return in.y0()[batch.window()[b]] + g.padH() - g.kernelH() + 1;
        }

        /** First column of the stride-1 accumulator of occlusion b, in output coordinates. */
        private int accX0(int b, Batch batch) {
            ConvGeometry g = conv.geometry();
            return in.x0()[batch.window()[b]] + g.padW() - g.kernelW() + 1;
        }

        /** δ of input value (c, y, x), the patch minus the unoccluded input. */
        private float delta(float[] pd, float[] bi, int b, int img, int ch, int yy, int xx, int ry, int rx) {
            int c = baseIn.dim(1), h = baseIn.dim(2), w = baseIn.dim(3);
            return pd[((b * c + ch) * in.h() + yy) * in.w() + xx] - bi[((img * c + ch) * h + ry + yy) * w + rx + xx];
        }

        /**
         * Stride 1 with few input channels: accumulator {@code [rh + kH − 1, rw + kW − 1, O]} of all outputs the patch
         * can reach, one multiply-add of {@code kW·O} per changed input value and kernel row.
         */
        private void scatterRuns(Tensor patch, Batch batch, int b, float[] acc, int accCols) {
            ConvGeometry g = conv.geometry();
            int c = baseIn.dim(1), kh = g.kernelH(), kw = g.kernelW(), oc = g.outChannels(), run = kw * oc;
            int img = batch.image()[b], win = batch.window()[b], ry = in.y0()[win], rx = in.x0()[win];
            float[] pd = patch.data(), bi = baseIn.data(), wt = weightT;
            Saxpy saxpy = Saxpy.INSTANCE;
            for (int ch = 0; ch < c; ch++) {
                for (int yy = 0; yy < in.h(); yy++) {
                    for (int xx = 0; xx < in.w(); xx++) {
                        float d = delta(pd, bi, b, img, ch, yy, xx, ry, rx);
                        if (d == 0f) {
                            continue;
                        }
                        for (int ky = 0; ky < kh; ky++) {
                            int a = ((yy + kh - 1 - ky) * accCols + xx) * oc;
                            saxpy.apply(acc, a, wt, (ch * kh + ky) * run, run, d);
                        }
                    }
                }
            }
        }

        /**
         * The stride-1 path with many input channels, for a few occlusions at a time. Every input position with a
         * non-zero change becomes one row of δ {@code [rows, C]}; one product with the weight {@code [C, kH·kW·O]}
         * gives what each position adds through every tap, {@code Z [rows, kH·kW·O]}; folding Z's rows into an
         * accumulator
         * {@code [rh + kH − 1, rw + kW − 1, O]} places them (kernel row ky of a position at row y lands on
         * accumulator row {@code y + kH − 1 − ky}, its kW taps on kW consecutive columns, hence the reversed kW).
         * The multiply-adds run in the GEMM's register tile; the fold is kH contiguous adds of {@code kW·O} per row.
         */
        private final class Spread {
            private final int channels = baseIn.dim(1), kh = conv.geometry().kernelH();
            private final int oc = baseOut.dim(1), run = conv.geometry().kernelW() * oc, zCols = kh * run;
            private final int positions = in.h() * in.w();
            private final float[] delta, z;
            /** Row r of δ and Z is input position {@code position[r]}; occlusion j has rows [first[j], first[j+1]). */
            private final int[] position, first;

            /** Buffers for products of up to {@code occlusions} occlusions. */
            Spread(int occlusions) {
                delta = new float[occlusions * positions * channels];
                z = new float[occlusions * positions * zCols];
                position = new int[occlusions * positions];
                first = new int[occlusions + 1];
            }

            /** Fills δ with the changed positions of occlusions {@code [start, end)} and computes Z. */
            void multiply(Tensor patch, Batch batch, int start, int end) {
                int rw = in.w();
                float[] pd = patch.data(), bi = baseIn.data();
                int rows = 0;
                for (int b = start; b < end; b++) {
                    first[b - start] = rows;
                    int img = batch.image()[b], win = batch.window()[b], ry = in.y0()[win], rx = in.x0()[win];
                    for (int pos = 0; pos < positions; pos++) {
                        int yy = pos / rw, xx = pos - yy * rw, at = rows * channels;
                        boolean changed = false;
                        for (int ch = 0; ch < channels; ch++) {
                            float d = delta(pd, bi, b, img, ch, yy, xx, ry, rx);
                            delta[at + ch] = d;
                            changed |= d != 0f;
                        }
                        if (changed) {
                            position[rows++] = pos;
                        }
                    }
                }
                first[end - start] = rows;
                if (rows > 0) {
                    Gemm.sgemmConstantB(false, false, rows, zCols, channels, delta, 0, channels, weightT, 0, zCols,
                            false, z, 0, zCols, Parallel.serial());
                }
            }

            /** Adds the rows of Z of the j-th occlusion of the last product into its accumulator. */
            void fold(int j, float[] acc, int accCols) {
                int rw = in.w();
                for (int r = first[j]; r < first[j + 1]; r++) {
                    int yy = position[r] / rw, xx = position[r] - yy * rw;
                    for (int ky = 0; ky < kh; ky++) {
                        Saxpy.INSTANCE.apply(acc, ((yy + kh - 1 - ky) * accCols + xx) * oc, z, r * zCols + ky * run,
                                run, 1f);
                    }
                }
            }
        }

        /** Any geometry: accumulator {@code [qh, qw, O]} over the output patch, one kernel tap at a time. */
        private void scatterTaps(Tensor patch, Batch batch, int b, float[] acc) {
            ConvGeometry g = conv.geometry();
            int c = baseIn.dim(1), kh = g.kernelH(), kw = g.kernelW(), oc = g.outChannels();
            int oh = baseOut.dim(2), ow = baseOut.dim(3), qw = out.w();
            int cg = g.inPerGroup(), og = g.outPerGroup();
            int img = batch.image()[b], win = batch.window()[b], ry = in.y0()[win], rx = in.x0()[win];
            int qy = out.y0()[win], qx = out.x0()[win];
            float[] pd = patch.data(), bi = baseIn.data(), wt = weightT;
            for (int ch = 0; ch < c; ch++) {
                int oBase = (ch / cg) * og;
                for (int yy = 0; yy < in.h(); yy++) {
                    for (int xx = 0; xx < in.w(); xx++) {
                        float d = delta(pd, bi, b, img, ch, yy, xx, ry, rx);
                        if (d == 0f) {
                            continue;
                        }
                        for (int ky = 0; ky < kh; ky++) {
                            int ty = ry + yy + g.padH() - ky * g.dilationH();
                            if (ty < 0 || ty % g.strideH() != 0 || ty / g.strideH() >= oh) {
                                continue;
                            }
                            for (int kx = 0; kx < kw; kx++) {
                                int tx = rx + xx + g.padW() - kx * g.dilationW();
                                if (tx < 0 || tx % g.strideW() != 0 || tx / g.strideW() >= ow) {
                                    continue;
                                }
                                Saxpy.INSTANCE.apply(acc, ((ty / g.strideH() - qy) * qw + tx / g.strideW() - qx) * oc
                                        + oBase, wt, ((ch * kh + ky) * kw + kx) * og, og, d);
                            }
                        }
                    }
                }
            }
        }

        /** Output patch = unoccluded output + the accumulated change where the accumulator covers it. */
        private void addToBase(Batch batch, int b, float[] acc, int accRows, int accCols, int accY0, int accX0,
                               Tensor result) {
            int oc = baseOut.dim(1), oh = baseOut.dim(2), ow = baseOut.dim(3), qh = out.h(), qw = out.w();
            int img = batch.image()[b], win = batch.window()[b], qy = out.y0()[win], qx = out.x0()[win];
            int xFrom = Math.max(0, accX0 - qx), xTo = Math.min(qw, accX0 + accCols - qx);
            float[] bo = baseOut.data(), rd = result.data();
            for (int o = 0; o < oc; o++) {
                for (int y = 0; y < qh; y++) {
                    int dst = ((b * oc + o) * qh + y) * qw;
                    System.arraycopy(bo, ((img * oc + o) * oh + qy + y) * ow + qx, rd, dst, qw);
                    int ay = qy + y - accY0;
                    if (ay < 0 || ay >= accRows) {
                        continue;
                    }
                    for (int x = xFrom, at = (ay * accCols + qx + xFrom - accX0) * oc + o; x < xTo; x++, at += oc) {
                        rd[dst + x] += acc[at];
                    }
                }
            }
        }
    }

    /**
     * An elementwise layer (ReLU, inference-mode batch norm, inference dropout): the layer itself runs on the
     * patches, whose rectangles are unchanged.
     */
    record Elementwise(Layer layer, Rects rects) implements PatchStage {
        @Override
        public Rects outRects() {
            return rects;
        }

        @Override
        public Tensor run(Tensor patch, Batch batch) {
            return layer.forward(List.of(patch), batch.options()).value();
        }
    }

    /**
     * A sliding-window layer recomputed on its output patch: a pooling, or a convolution whose changed input region
     * is too large to scatter ({@link ConvDelta}) but whose output patch is still smaller than its map. The patch is
     * computed from the input region it reads (gathered from the input patch and the unoccluded input) by an
     * unpadded copy of the layer; positions outside the input take the padding value: zero for a convolution,
     * {@code −∞} for max pooling (which never wins, as PyTorch's padding). Each output value is the same sum in the
     * same order as in the full layer.
     *
     * @param local     the layer without padding or ceil mode
     * @param window    the layer's window: kernel, stride, padding and dilation
     * @param padValue  value of positions outside the input
     * @param baseIn    unoccluded input {@code [N, C, H, W]}
     * @param in        input patch rectangles
     * @param out       output patch rectangles
     */
    record Recompute(Layer local, PoolWindow window, float padValue, Tensor baseIn, Rects in, Rects out)
            implements PatchStage {

        /**
         * Gathered inputs: the local layer reads them and keeps nothing, and every value is written before it is
         * read.
         */
        private static final ThreadBuffers GATHERED = new ThreadBuffers();
        /**
         * Convolution outputs. The stages after an output read it, or what an identity passes on of it, only until
         * the next recomputing stage of the job has gathered its input, which is before this thread computes another
         * convolution output; the convolution writes every value.
         */
        private static final ThreadBuffers OUTPUTS = new ThreadBuffers();

        /** The stage of a max or average pooling layer. */
        static Recompute pooling(Layer layer, Tensor baseIn, Rects in, Rects out) {
            if (layer instanceof MaxPool2d mp) {
                PoolWindow p = mp.window();
                return new Recompute(new MaxPool2d(unpadded(p)), p, Float.NEGATIVE_INFINITY, baseIn, in, out);
            }
            AvgPool2d ap = (AvgPool2d) layer;
            return new Recompute(new AvgPool2d(unpadded(ap.window()), true), ap.window(), 0f, baseIn, in, out);
        }

        /** The stage of a convolution, recomputed on its output patch instead of scattering its input change. */
        static Recompute convolution(Conv2d conv, Tensor baseIn, Rects in, Rects out) {
            ConvGeometry g = conv.geometry();
            PoolWindow window = new PoolWindow(g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padH(), g.padW(),
                    g.dilationH(), g.dilationW(), false);
            ConvGeometry local = new ConvGeometry(g.inChannels(), g.outChannels(), g.kernelH(), g.kernelW(),
                    g.strideH(), g.strideW(), 0, 0, g.dilationH(), g.dilationW(), g.groups());
            return new Recompute(new Conv2d(local, conv.weight(), conv.bias()), window, 0f, baseIn, in, out);
        }

        private static PoolWindow unpadded(PoolWindow p) {
            return new PoolWindow(p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), 0, 0, p.dilationH(),
                    p.dilationW(), false);
        }

        @Override
        public Rects outRects() {
            return out;
        }

        @Override
        public Tensor run(Tensor patch, Batch batch) {
            PoolWindow p = window;
            int c = baseIn.dim(1), h = baseIn.dim(2), w = baseIn.dim(3);
            int ih = (out.h() - 1) * p.strideH() + p.dilationH() * (p.kernelH() - 1) + 1;
            int iw = (out.w() - 1) * p.strideW() + p.dilationW() * (p.kernelW() - 1) + 1;
            int rh = in.h(), rw = in.w();
            Tensor gathered = GATHERED.tensor(batch.size(), c, ih, iw);
            float[] g = gathered.data(), pd = patch.data(), bi = baseIn.data();
            Splice splice = Splice.INSTANCE;
            batch.parallel().forEach(batch.size(), b -> {
                int img = batch.image()[b], win = batch.window()[b];
                int gy = out.y0()[win] * p.strideH() - p.padH(), gx = out.x0()[win] * p.strideW() - p.padW();
                int ry = in.y0()[win], rx = in.x0()[win];
                // columns [lo, hi) of each gathered row lie inside the map, [pLo, pHi) inside the patch
                int lo = Math.min(iw, Math.max(0, -gx)), hi = Math.max(lo, Math.min(iw, w - gx));
                int pLo = Math.max(lo, rx - gx), pHi = Math.min(hi, rx + rw - gx);
                // rows may spill up to a vector's width past their end, but not past this occlusion's input
                int spillEnd = (b + 1) * c * ih * iw - splice.width();
                for (int ch = 0; ch < c; ch++) {
                    for (int yy = 0; yy < ih; yy++) {
                        int y = gy + yy, dst = ((b * c + ch) * ih + yy) * iw;
                        if (y < 0 || y >= h) {
                            java.util.Arrays.fill(g, dst, dst + iw, padValue);
                            continue;
                        }
                        boolean patched = y >= ry && y < ry + rh && pLo < pHi;
                        // columns [lo, hi) first: a spill past them lands on padding written next, or on later rows
                        splice.row(bi, ((img * c + ch) * h + y) * w + gx + lo, pd,
                                ((b * c + ch) * rh + y - ry) * rw + gx + lo - rx, patched ? pLo - lo : 0,
                                patched ? pHi - lo : 0, g, dst + lo, hi - lo, dst + lo <= spillEnd);
                        java.util.Arrays.fill(g, dst, dst + lo, padValue);
                        java.util.Arrays.fill(g, dst + hi, dst + iw, padValue);
                    }
                }
            });
            if (local instanceof Conv2d conv) {
                int oc = conv.geometry().outChannels();
                Tensor y = OUTPUTS.tensor(batch.size(), oc, out.h(), out.w());
                Convolution.forwardInto(gathered, conv.weight(), conv.bias(), conv.geometry(), batch.parallel(), true,
                        y);
                return y;
            }
            return local.forward(List.of(gathered), batch.options()).value();
        }
    }

    /**
     * A dense layer reading a flattened map, computed from the change of its input like {@link ConvDelta}:
     * {@code y = y₀ + W[:, patch] δ}. Its output is the whole (small) feature vector {@code [B, out]}, so the
     * incremental prefix ends here.
     *
     * @param baseIn   the unoccluded map before flattening {@code [N, C, H, W]}
     * @param baseOut  the unoccluded output {@code [N, out]}
     * @param weightT  the weight transposed to {@code [in, out]}
     */
    record FlattenLinear(Tensor baseIn, Tensor baseOut, Rects in, float[] weightT) implements PatchStage {

        static FlattenLinear of(Linear linear, Tensor baseIn, Tensor baseOut, Rects in, Map<Layer, float[]> cache) {
            return new FlattenLinear(baseIn, baseOut, in, cache.computeIfAbsent(linear, l -> transpose(linear)));
        }

        private static float[] transpose(Linear linear) {
            int out = linear.outFeatures(), features = linear.inFeatures();
            float[] w = linear.weight().data(), t = new float[w.length];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < features; i++) {
                    t[i * out + o] = w[o * features + i];
                }
            }
            return t;
        }

        @Override
        public Rects outRects() {
            return null;
        }

        @Override
        public Tensor run(Tensor patch, Batch batch) {
            int c = baseIn.dim(1), h = baseIn.dim(2), w = baseIn.dim(3), outF = baseOut.dim(1);
            int rh = in.h(), rw = in.w();
            Tensor result = Tensor.zeros(batch.size(), outF);
            float[] rd = result.data(), pd = patch.data(), bi = baseIn.data(), bo = baseOut.data(), wt = weightT;
            batch.parallel().forChunks(batch.size(), (from, to, chunk) -> {
                // the changed inputs of one occlusion: their rows of the weight and their changes, in input order
                int[] rows = new int[c * rh * rw];
                float[] deltas = new float[c * rh * rw];
                for (int b = from; b < to; b++) {
                    int img = batch.image()[b], win = batch.window()[b];
                    int ry = in.y0()[win], rx = in.x0()[win];
                    int changed = 0;
                    for (int ch = 0; ch < c; ch++) {
                        for (int yy = 0; yy < rh; yy++) {
                            int feature = (ch * h + ry + yy) * w + rx;
                            int pRow = ((b * c + ch) * rh + yy) * rw, bRow = img * c * h * w + feature;
                            for (int xx = 0; xx < rw; xx++) {
                                float d = pd[pRow + xx] - bi[bRow + xx];
                                if (d != 0f) {
                                    rows[changed] = (feature + xx) * outF;
                                    deltas[changed++] = d;
                                }
                            }
                        }
                    }
                    System.arraycopy(bo, img * outF, rd, b * outF, outF);
                    Saxpy.INSTANCE.applyAll(rd, b * outF, wt, rows, deltas, changed, outF);
                }
            });
            return result;
        }
    }
}
