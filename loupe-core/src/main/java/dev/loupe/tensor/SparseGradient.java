package dev.loupe.tensor;

import java.util.Arrays;

/**
 * The nonzero entries of one image's convolution output gradient, and the two backward passes that visit only them.
 *
 * <p>Below a max pooling at most one input of each pooling window receives gradient, and a rectifier zeroes more:
 * about a fifth of mnistnet's second convolution's output gradient is nonzero. The dense passes multiply every zero
 * anyway ({@code W^T · gradOut} and {@code gradOut · cols^T}, then a fold). Visiting the nonzeros instead costs
 * {@code kH·kW} multiply-adds of a run of {@code C/groups} channels for each, which are whole vectors when images
 * are laid out channels-last ({@code [H·W, C]}). It is the sparsity of rectifier units that Shi &amp; Chu exploit in
 * the forward pass ("Speeding up convolutional neural networks by exploiting the sparsity of rectifier units",
 * 2017), met in the backward one.
 *
 * <p>Shapes: the output gradient of image i is {@code gradOut[i] [O, outH, outW]}; the weight {@code [O, C/groups,
 * kH, kW]} is read with its taps first, {@code [O, kH, kW, C/groups]} ({@link #tapsFirst}); the input and the data
 * gradient of an image are channels-last and zero-padded, {@code [(H + 2·padH)·(W + 2·padW), C]}, so that every tap
 * of every output reads inside the array ({@link Taps}).
 *
 * <p>Both passes gather rather than scatter, so that no vector is read, added to and written back once per nonzero
 * (a 64-byte vector of a Java array straddles two cache lines, and such a chain stalls on each store): the weight
 * gradient of output channel o sums over o's nonzeros, and the data gradient at an output pixel's taps sums over the
 * pixel's nonzero channels, each through {@link Saxpy#addCombinations}. Nonzeros are taken in a fixed order
 * (channel, row, column), so the result is fixed for given inputs; it is not the dense passes' bits, whose sums run
 * in another order. A zero of the gradient adds nothing, even against an infinite input or weight, where the dense
 * products give NaN (0·∞).
 *
 * <p>An instance holds one image's nonzeros at a time and is reused by its thread ({@link #forThread}).
 */
final class SparseGradient {
    /** Bytes of the data a pass reads over and over, kept to half of a common 48 KiB level-1 data cache. */
    static final int CACHE_BYTES = 24 * 1024;
    /**
     * Most values of one image's output gradient for the sparse passes: each thread keeps four arrays of this many
     * entries at most (16 MiB), a 64-channel 128×128 output.
     */
    static final int MAX_VALUES = 1 << 20;
    /** The sparse passes are taken when the share of nonzeros is at most this. */
    static final double MAX_DENSITY = 0.35;
    private static final ThreadLocal<SparseGradient> PER_THREAD = ThreadLocal.withInitial(SparseGradient::new);

    /** Output pixel {@code oy·outW + ox} of each nonzero, output channel by output channel. */
    private int[] pixel = new int[0];
    /** The weight pass's terms: the nonzeros' values in the same order. */
    private float[] value = new float[0];
    /** Nonzeros of output channel o are {@code [rowEnd[o−1], rowEnd[o])}. */
    private int[] rowEnd = new int[0];
    private int outChannels;
    private int pixels;
    /** The gradient the nonzeros were collected from, and where its image starts. */
    private float[] gradient;
    private int gradientOffset;
    /** Per-term offsets and, for the data pass, the nonzeros sorted by pixel. */
    private int[] offsets = new int[0];
    private float[] terms = new float[0];
    private int[] pixelEnd = new int[0];
    /** Per output channel, where the weight pass's current band of rows starts among its nonzeros. */
    private int[] cursor = new int[0];
    private float[] image = new float[0];
    private float[] gradientImage = new float[0];

    private SparseGradient() {
    }

    /** This thread's instance. */
    static SparseGradient forThread() {
        return PER_THREAD.get();
    }

    /**
     * True when a convolution with {@code g} and {@code pixels} output pixels per image can take the sparse passes:
     * each tap's run of {@code C/groups} channels is whole vectors ({@link Saxpy#width()}), an image's output
     * gradient has at most {@link #MAX_VALUES} values (which bounds this thread's lists), and the system property
     * {@code loupe.sparse} is not {@code false} (which keeps every backward pass dense).
     */
    static boolean applies(ConvGeometry g, int pixels) {
        return g.inPerGroup() % Saxpy.INSTANCE.width() == 0 && (long) g.outChannels() * pixels <= MAX_VALUES
                && !"false".equalsIgnoreCase(System.getProperty("loupe.sparse"));
    }

    /**
     * Collects the nonzeros of one image's output gradient, the {@code O·outH·outW} values of {@code gradOut} from
     * {@code off}, and says whether they are few enough ({@link #MAX_DENSITY}) for the sparse passes.
     */
    boolean collect(float[] gradOut, int off, int outChannels, int pixels) {
        int size = outChannels * pixels;
        if (pixel.length < size) {
            pixel = new int[size];
            value = new float[size];
            offsets = new int[size];
            terms = new float[size];
        }
        if (rowEnd.length < outChannels) {
            rowEnd = new int[outChannels];
            cursor = new int[outChannels];
        }
        this.outChannels = outChannels;
        this.pixels = pixels;
        this.gradient = gradOut;
        this.gradientOffset = off;
        int[] at = pixel;
        int count = 0;
        for (int o = 0, i = off; o < outChannels; o++) {
            for (int p = 0; p < pixels; p++, i++) {
                at[count] = p;
                // one more unless the value is ±0, without a branch, which would mispredict on a sparse gradient (a
                // vector compare and a walk over its mask's bits was twice as slow on Java 17, where the mask's
                // bits are not an intrinsic); the values are read again for the nonzeros alone
                count += ((Float.floatToRawIntBits(gradOut[i]) & 0x7fffffff) + 0x7fffffff) >>> 31;
            }
            rowEnd[o] = count;
        }
        return count <= MAX_DENSITY * size;
    }

    /** The value of nonzero q of output channel o. */
    private float valueOf(int o, int q) {
        return gradient[gradientOffset + o * pixels + pixel[q]];
    }

    /**
     * Adds this image's weight gradient into {@code dwt} {@code [O, kH, kW, C/groups]} from its input {@code x}
     * (channels-last and padded, {@link #paddedInput}): {@code dwt[o, ky, kx, c] += Σ gradOut[o, oy, ox] · x[oy·sH +
     * ky·dH, ox·sW + kx·dW, c0 + c]} over o's nonzeros, with {@code c0} the first channel of o's group.
     */
    void addWeightGradient(Taps taps, float[] x, float[] dwt) {
        ConvGeometry g = taps.g();
        int og = g.outPerGroup(), cg = g.inPerGroup(), kk = taps.weightSize();
        for (int o = 0, from = 0; o < outChannels; from = rowEnd[o++]) {
            int c0 = o / og * cg;
            for (int q = from; q < rowEnd[o]; q++) {
                offsets[q] = taps.pixelBase()[pixel[q]] + c0;
                value[q] = valueOf(o, q);
            }
            cursor[o] = from;
        }
        // a band of output rows at a time, whose input rows stay in the level-1 cache for every channel
        int ow = g.outW(taps.w()), oh = g.outH(taps.h()), band = taps.bandRows();
        for (int row = 0; row < oh; row += band) {
            int limit = Math.min(oh, row + band) * ow;
            for (int o = 0; o < outChannels; o++) {
                int from = cursor[o], to = from;
                while (to < rowEnd[o] && pixel[to] < limit) {
                    to++;
                }
                if (from < to) {
                    Saxpy.INSTANCE.addCombinations(dwt, o * kk, taps.weight(), x, 0, taps.image(), 0,
                            taps.runs(), offsets, value, from, to);
                }
                cursor[o] = to;
            }
        }
    }

    /**
     * Adds this image's data gradient into {@code dx} (channels-last and padded,
     * {@link #zeroedPaddedGradient}): the taps of output pixel {@code (oy, ox)} get {@code dx[oy·sH + ky·dH, ox·sW +
     * kx·dW, c0 + c] += Σ gradOut[o, oy, ox] · wt[o, ky, kx, c]} over the pixel's nonzero channels o of each group,
     * from {@code wt} {@code [O, kH, kW, C/groups]}; a kernel row at a time, whose weights of every output channel
     * stay in the level-1 cache for every pixel.
     */
    void addDataGradient(Taps taps, float[] wt, float[] dx) {
        ConvGeometry g = taps.g();
        int og = g.outPerGroup(), cg = g.inPerGroup(), kk = taps.weightSize();
        if (pixelEnd.length < pixels + 1) {
            pixelEnd = new int[pixels + 1];
        }
        int rowRuns = taps.runs() / g.kernelH();
        for (int grp = 0; grp < g.groups(); grp++) {
            int first = grp * og, start = first == 0 ? 0 : rowEnd[first - 1], end = rowEnd[first + og - 1];
            // counting sort of the group's nonzeros by pixel, channels ascending within a pixel
            Arrays.fill(pixelEnd, 0, pixels + 1, 0);
            for (int q = start; q < end; q++) {
                pixelEnd[pixel[q] + 1]++;
            }
            for (int p = 0; p < pixels; p++) {
                pixelEnd[p + 1] += pixelEnd[p];
            }
            for (int o = first, q = start; o < first + og; o++) {
                for (; q < rowEnd[o]; q++) {
                    int slot = pixelEnd[pixel[q]]++;
                    offsets[slot] = o * kk;
                    terms[slot] = valueOf(o, q);
                }
            }
            // pixelEnd[p] is now where pixel p's nonzeros end
            for (int r0 = 0; r0 < taps.runs(); r0 += rowRuns) {
                for (int p = 0, from = 0; p < pixels; from = pixelEnd[p++]) {
                    if (from < pixelEnd[p]) {
                        Saxpy.INSTANCE.addCombinations(dx, taps.pixelBase()[p] + grp * cg, taps.image(), wt, 0,
                                taps.weight(), r0, r0 + rowRuns, offsets, terms, from, pixelEnd[p]);
                    }
                }
            }
        }
    }

    /**
     * Adds each output channel's sum of this image's gradient to {@code bias[o]}: the same values as the dense
     * pass's {@link Convolution#sum}, whose zeros add nothing, with the nonzeros in the same four chains.
     */
    void addBiasGradient(float[] bias) {
        int whole = pixels & ~3;
        float[] s = new float[4];
        for (int o = 0, q = 0; o < outChannels; o++) {
            Arrays.fill(s, 0f);
            for (int end = rowEnd[o]; q < end; q++) {
                int p = pixel[q];
                s[p < whole ? p & 3 : 0] += valueOf(o, q);
            }
            bias[o] += (s[0] + s[1]) + (s[2] + s[3]);
        }
    }

    /**
     * Where a kernel's taps read, for one geometry and image size, in channels-last images padded by the
     * convolution's padding ({@code [paddedH·paddedW, C]}) and in {@code [kH, kW, C/groups]} weight rows.
     *
     * @param image     run r (tap {@code t = r / (C/groups / width)}, channels from {@code (r mod …)·width}) at
     *                  {@code image[r]} from the image offset of the kernel's top-left tap
     * @param weight    the same run at {@code weight[r]} in an output channel's weight row
     * @param pixelBase for each output pixel {@code oy·outW + ox}, the image offset of its top-left tap
     * @param planes    channel ch's plane at {@code planes[ch]} in a {@code [C, H, W]} image
     * @param inside    pixel {@code y·W + x}'s offset in the padded channels-last image
     */
    record Taps(ConvGeometry g, int h, int w, int paddedH, int paddedW, int[] image, int[] weight, int[] pixelBase,
                int[] planes, int[] inside) {
        static Taps of(ConvGeometry g, int h, int w) {
            int width = Saxpy.INSTANCE.width(), c = g.inChannels(), cg = g.inPerGroup(), perTap = cg / width;
            int taps = g.kernelH() * g.kernelW(), paddedW = w + 2 * g.padW(), paddedH = h + 2 * g.padH();
            int[] image = new int[taps * perTap], weight = new int[taps * perTap];
            for (int t = 0, r = 0; t < taps; t++) {
                int offset = t / g.kernelW() * g.dilationH() * paddedW + t % g.kernelW() * g.dilationW();
                for (int j = 0; j < perTap; j++, r++) {
                    image[r] = offset * c + j * width;
                    weight[r] = t * cg + j * width;
                }
            }
            int oh = g.outH(h), ow = g.outW(w);
            int[] pixelBase = new int[oh * ow];
            for (int oy = 0, p = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, p++) {
                    pixelBase[p] = (oy * g.strideH() * paddedW + ox * g.strideW()) * c;
                }
            }
            int[] planes = new int[c];
            for (int ch = 0; ch < c; ch++) {
                planes[ch] = ch * h * w;
            }
            int[] inside = new int[h * w];
            for (int y = 0, p = 0; y < h; y++) {
                for (int x = 0; x < w; x++, p++) {
                    inside[p] = ((y + g.padH()) * paddedW + x + g.padW()) * c;
                }
            }
            return new Taps(g, h, w, paddedH, paddedW, image, weight, pixelBase, planes, inside);
        }

        int runs() {
            return image.length;
        }

        /** Floats of one output channel's weights, {@code C/groups·kH·kW}. */
        int weightSize() {
            return g.inPerGroup() * g.kernelH() * g.kernelW();
        }

        /**
         * Output rows per band of the weight pass: as many as keep the input rows they read within
         * {@link #CACHE_BYTES}.
         */
        int bandRows() {
            int rowBytes = paddedW * g.inChannels() * Float.BYTES;
            int inputRows = Math.max(1, CACHE_BYTES / rowBytes) - (g.kernelH() - 1) * g.dilationH();
            return Math.max(1, (inputRows - 1) / g.strideH() + 1);
        }

        /** Floats of one padded channels-last image. */
        int paddedSize() {
            return paddedH * paddedW * g.inChannels();
        }
    }

    /** This thread's padded channels-last buffer for a data gradient, all zeros. */
    float[] zeroedPaddedGradient(Taps taps) {
        gradientImage = zeroed(gradientImage, taps.paddedSize());
        return gradientImage;
    }

    private static float[] zeroed(float[] buffer, int size) {
        if (buffer.length < size) {
            return new float[size];
        }
        Arrays.fill(buffer, 0, size, 0f);
        return buffer;
    }

    /**
     * Image {@code x[off..]} {@code [C, H, W]} in this thread's input buffer, channels-last and zero-padded: each
     * pixel's channels gathered a plane apart ({@link Gather}), {@code C} being whole vectors.
     */
    float[] paddedInput(float[] x, int off, Taps taps) {
        image = zeroed(image, taps.paddedSize());
        int c = taps.g().inChannels(), h = taps.h(), w = taps.w(), pw = taps.paddedW();
        int top = taps.g().padH(), left = taps.g().padW();
        for (int y = 0, s = off; y < h; y++) {
            for (int x0 = 0, d = ((y + top) * pw + left) * c; x0 < w; x0++, s++, d += c) {
                Gather.INSTANCE.apply(x, s, taps.planes(), 0, image, d, c);
            }
        }
        return image;
    }

    /**
     * Writes the inside of the padded channels-last {@code src} to {@code dst[off..]} {@code [C, H, W]}: each
     * channel's plane gathered from its pixels ({@link Gather}), the last pixels of a plane that fill no vector one
     * by one.
     */
    static void unpad(float[] src, Taps taps, float[] dst, int off) {
        int c = taps.g().inChannels(), hw = taps.h() * taps.w();
        int[] inside = taps.inside();
        int whole = hw - hw % Gather.INSTANCE.width();
        for (int ch = 0, d = off; ch < c; ch++, d += hw) {
            Gather.INSTANCE.apply(src, ch, inside, 0, dst, d, whole);
            for (int p = whole; p < hw; p++) {
                dst[d + p] = src[ch + inside[p]];
            }
        }
    }

    /** {@code [O, C/groups, kH, kW]} → {@code [O, kH, kW, C/groups]}; with {@code back}, the other way. */
    static float[] tapsFirst(float[] weight, ConvGeometry g, boolean back) {
        int cg = g.inPerGroup(), taps = g.kernelH() * g.kernelW(), kk = cg * taps;
        float[] out = new float[weight.length];
        for (int o = 0; o < g.outChannels(); o++) {
            for (int c = 0; c < cg; c++) {
                for (int t = 0; t < taps; t++) {
                    int channelsFirst = o * kk + c * taps + t, tapsFirst = o * kk + t * cg + c;
                    if (back) {
                        out[channelsFirst] = weight[tapsFirst];
                    } else {
                        out[tapsFirst] = weight[channelsFirst];
                    }
                }
            }
        }
        return out;
    }
}
