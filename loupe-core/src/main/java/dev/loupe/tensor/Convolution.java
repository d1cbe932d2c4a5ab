package dev.loupe.tensor;

/**
 * 2-D convolution (cross-correlation, as in PyTorch) on NCHW tensors by im2col and {@link Gemm}, forward and
 * backward for both data and weights.
 *
 * <p>Shapes: input {@code x [N, C, H, W]}, weight {@code [O, C/groups, kH, kW]}, bias {@code [O]}, output
 * {@code [N, O, outH, outW]} with the sizes of {@link ConvGeometry#outH}/{@link ConvGeometry#outW}. Zero padding.
 * Work is parallel over images; the weight gradient reduces per-thread partial sums in a fixed order, so results
 * are deterministic for a given thread count.
 */
public final class Convolution {
    private Convolution() {
    }

    /** {@code y = conv(x, weight) + bias}. {@code bias} may be null. */
    public static Tensor forward(Tensor x, Tensor weight, Tensor bias, ConvGeometry g, Parallel parallel) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        checkInput(c, g);
        int oh = g.outH(h), ow = g.outW(w);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException("input " + h + "x" + w + " is smaller than the kernel " + g.kernelH()
                    + "x" + g.kernelW());
        }
        Tensor y = Tensor.zeros(n, g.outChannels(), oh, ow);
        float[] xd = x.data(), wd = weight.data(), yd = y.data();
        float[] bd = bias == null ? null : bias.data();
        int cg = g.inPerGroup(), og = g.outPerGroup();
        int kk = cg * g.kernelH() * g.kernelW();
        int pixels = oh * ow;
        parallel.forChunks(n, (from, to, chunk) -> {
            float[] cols = new float[kk * pixels];
            for (int img = from; img < to; img++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    im2col(xd, (img * c + grp * cg) * h * w, cg, h, w, g, oh, ow, cols);
                    int yOff = (img * g.outChannels() + grp * og) * pixels;
                    Gemm.sgemm(false, false, og, pixels, kk, wd, grp * og * kk, kk, cols, 0, pixels,
                            false, yd, yOff, pixels, Parallel.serial());
                }
                if (bd != null) {
                    for (int o = 0; o < g.outChannels(); o++) {
                        int off = (img * g.outChannels() + o) * pixels;
                        for (int p = 0; p < pixels; p++) {
                            yd[off + p] += bd[o];
                        }
                    }
                }
            }
        });
        return y;
    }

    /** Gradient with respect to the input: {@code [N, C, inH, inW]} from {@code gradOut [N, O, outH, outW]}. */
    public static Tensor backwardData(Tensor gradOut, Tensor weight, ConvGeometry g, int inH, int inW,
                                      Parallel parallel) {
        int n = gradOut.dim(0), oh = gradOut.dim(2), ow = gradOut.dim(3);
        int c = g.inChannels();
        Tensor gx = Tensor.zeros(n, c, inH, inW);
        float[] gd = gradOut.data(), wd = weight.data(), xd = gx.data();
        int cg = g.inPerGroup(), og = g.outPerGroup();
        int kk = cg * g.kernelH() * g.kernelW();
        int pixels = oh * ow;
        parallel.forChunks(n, (from, to, chunk) -> {
            float[] cols = new float[kk * pixels];
            for (int img = from; img < to; img++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    int gOff = (img * g.outChannels() + grp * og) * pixels;
                    // cols[kk, pixels] = W^T [kk, og] · gradOut [og, pixels]
                    Gemm.sgemm(true, false, kk, pixels, og, wd, grp * og * kk, kk, gd, gOff, pixels,
                            false, cols, 0, pixels, Parallel.serial());
                    col2im(cols, cg, inH, inW, g, oh, ow, xd, (img * c + grp * cg) * inH * inW);
                }
            }
        });
        return gx;
    }

    /**
     * Adds the weight gradient {@code [O, C/groups, kH, kW]} into {@code gradWeight} and, when not null, the bias
     * gradient {@code [O]} into {@code gradBias}.
     */
    public static void backwardWeights(Tensor x, Tensor gradOut, ConvGeometry g, Tensor gradWeight, Tensor gradBias,
                                       Parallel parallel) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        int oh = gradOut.dim(2), ow = gradOut.dim(3);
        float[] xd = x.data(), gd = gradOut.data();
        int cg = g.inPerGroup(), og = g.outPerGroup();
        int kk = cg * g.kernelH() * g.kernelW();
        int pixels = oh * ow;
        int chunks = parallel.chunks(n);
        float[][] partW = new float[chunks][];
        float[][] partB = new float[chunks][];
        parallel.forChunks(n, (from, to, chunk) -> {
            float[] cols = new float[kk * pixels];
            float[] pw = new float[gradWeight.size()];
            float[] pb = new float[g.outChannels()];
            for (int img = from; img < to; img++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    im2col(xd, (img * c + grp * cg) * h * w, cg, h, w, g, oh, ow, cols);
                    int gOff = (img * g.outChannels() + grp * og) * pixels;
                    // dW [og, kk] += gradOut [og, pixels] · cols^T [pixels, kk]
                    Gemm.sgemm(false, true, og, kk, pixels, gd, gOff, pixels, cols, 0, pixels,
                            true, pw, grp * og * kk, kk, Parallel.serial());
                }
                for (int o = 0; o < g.outChannels(); o++) {
                    int off = (img * g.outChannels() + o) * pixels;
                    float s = 0;
                    for (int p = 0; p < pixels; p++) {
                        s += gd[off + p];
                    }
                    pb[o] += s;
                }
            }
            partW[chunk] = pw;
            partB[chunk] = pb;
        });
        float[] gw = gradWeight.data();
        for (float[] pw : partW) {
            for (int i = 0; i < gw.length; i++) {
                gw[i] += pw[i];
            }
        }
        if (gradBias != null) {
            float[] gb = gradBias.data();
            for (float[] pb : partB) {
                for (int i = 0; i < gb.length; i++) {
                    gb[i] += pb[i];
                }
            }
        }
    }

    private static void checkInput(int c, ConvGeometry g) {
        if (c != g.inChannels()) {
            throw new IllegalArgumentException("convolution expects " + g.inChannels() + " input channels, got " + c);
        }
    }

    /** Unfolds {@code cg} channels of one image into {@code cols [cg·kH·kW, oh·ow]}, zero outside the image. */
    static void im2col(float[] x, int xOff, int cg, int h, int w, ConvGeometry g, int oh, int ow, float[] cols) {
        int pixels = oh * ow;
        int row = 0;
        for (int ch = 0; ch < cg; ch++) {
            int chOff = xOff + ch * h * w;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int base = row * pixels;
                    int dy = ki * g.dilationH() - g.padH();
                    int dx = kj * g.dilationW() - g.padW();
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * g.strideH() + dy;
                        int dst = base + oy * ow;
                        if (iy < 0 || iy >= h) {
                            java.util.Arrays.fill(cols, dst, dst + ow, 0f);
                            continue;
                        }
                        int src = chOff + iy * w;
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = ox * g.strideW() + dx;
                            cols[dst + ox] = ix >= 0 && ix < w ? x[src + ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** Folds {@code cols [cg·kH·kW, oh·ow]} back, adding into {@code cg} channels of one image. */
    static void col2im(float[] cols, int cg, int h, int w, ConvGeometry g, int oh, int ow, float[] x, int xOff) {
        int pixels = oh * ow;
        int row = 0;
        for (int ch = 0; ch < cg; ch++) {
            int chOff = xOff + ch * h * w;
            for (int ki = 0; ki < g.kernelH(); ki++) {
                for (int kj = 0; kj < g.kernelW(); kj++, row++) {
                    int base = row * pixels;
                    int dy = ki * g.dilationH() - g.padH();
                    int dx = kj * g.dilationW() - g.padW();
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * g.strideH() + dy;
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int src = base + oy * ow;
                        int dst = chOff + iy * w;
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = ox * g.strideW() + dx;
                            if (ix >= 0 && ix < w) {
                                x[dst + ix] += cols[src + ox];
                            }
                        }
                    }
                }
            }
        }
    }
}
