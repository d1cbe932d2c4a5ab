package dev.loupe.nn;

/**
 * The window of a 2-D pooling layer, with PyTorch's output-size rule.
 *
 * <p>{@code out = floor_or_ceil((in + 2·pad − dilation·(kernel − 1) − 1) / stride) + 1}; with ceil mode, a last
 * window that would start inside the right padding is dropped, as in PyTorch.
 */
public record PoolWindow(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, int dilationH,
                         int dilationW, boolean ceilMode) {
    public PoolWindow {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("pool kernel, stride and dilation must be positive: " + this);
        }
        if (padH < 0 || padW < 0 || 2 * padH > kernelH || 2 * padW > kernelW) {
            throw new IllegalArgumentException("pool padding must be between 0 and half the kernel: " + this);
        }
    }

    /** A square window of size {@code k} with stride {@code k} and no padding. */
    public static PoolWindow of(int k) {
        return new PoolWindow(k, k, k, k, 0, 0, 1, 1, false);
    }

    /** A square window of size {@code k} with the given stride and padding. */
    public static PoolWindow of(int k, int stride, int pad) {
        return new PoolWindow(k, k, stride, stride, pad, pad, 1, 1, false);
    }

    /** Output rows for {@code in} input rows. */
    public int outH(int in) {
        return outSize(in, kernelH, strideH, padH, dilationH);
    }

    /** Output columns for {@code in} input columns. */
    public int outW(int in) {
        return outSize(in, kernelW, strideW, padW, dilationW);
    }

    private int outSize(int in, int k, int s, int p, int d) {
        int span = in + 2 * p - d * (k - 1) - 1;
        int out = (ceilMode ? Math.floorDiv(span + s - 1, s) : Math.floorDiv(span, s)) + 1;
        if (ceilMode && (out - 1) * s >= in + p) {
            out--;
        }
        return out;
    }

    /**
     * {@code name(kernel} followed by every option that differs from the default (stride = kernel, no padding, no
     * dilation, floor mode), without the closing parenthesis: e.g. {@code MaxPool2d(3, s2, p1, ceil}.
     */
    String describe(String name) {
        StringBuilder b = new StringBuilder(name).append('(').append(pair(kernelH, kernelW));
        if (strideH != kernelH || strideW != kernelW) {
            b.append(", s").append(pair(strideH, strideW));
        }
        if (padH != 0 || padW != 0) {
            b.append(", p").append(pair(padH, padW));
        }
        if (dilationH != 1 || dilationW != 1) {
            b.append(", d").append(pair(dilationH, dilationW));
        }
        return ceilMode ? b.append(", ceil").toString() : b.toString();
    }

    /** {@code "3"} for a square size, {@code "3x2"} (rows x columns) otherwise. */
    static String pair(int rows, int cols) {
        return rows == cols ? Integer.toString(rows) : rows + "x" + cols;
    }

    int[] outputShape(String who, int[] in) {
        if (in.length != 3) {
            throw new IllegalArgumentException(who + " needs a [C, H, W] input, got " + java.util.Arrays.toString(in));
        }
        int oh = outH(in[1]), ow = outW(in[2]);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(who + ": input " + in[1] + "x" + in[2] + " is smaller than the window");
        }
        return new int[] {in[0], oh, ow};
    }
}
