package dev.loupe.tensor;

/**
 * The hyper-parameters of a 2-D convolution (or of a pooling window) and its output-size formula.
 *
 * <p>For an input of height {@code H}, the output height is
 * {@code floor((H + 2·padH − dilationH·(kernelH − 1) − 1) / strideH) + 1}, and likewise for the width.
 *
 * @param inChannels  input channels C
 * @param outChannels output channels O
 * @param kernelH     kernel rows
 * @param kernelW     kernel columns
 * @param strideH     row stride (≥ 1)
 * @param strideW     column stride (≥ 1)
 * @param padH        zero rows added above and below
 * @param padW        zero columns added left and right
 * @param dilationH   row dilation (≥ 1)
 * @param dilationW   column dilation (≥ 1)
 * @param groups      channel groups; C and O must both be divisible by it
 */
public record ConvGeometry(int inChannels, int outChannels, int kernelH, int kernelW, int strideH, int strideW,
                           int padH, int padW, int dilationH, int dilationW, int groups) {
    public ConvGeometry {
        if (inChannels < 1 || outChannels < 1 || kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException("channels and kernel sizes must be positive: " + this);
        }
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("stride must be at least 1: " + strideH + "x" + strideW);
        }
        if (dilationH < 1 || dilationW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("dilation must be ≥ 1 and padding ≥ 0: " + this);
        }
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(
                    "groups " + groups + " must divide in " + inChannels + " and out " + outChannels + " channels");
        }
    }

    /** A square, ungrouped, undilated convolution. */
    public static ConvGeometry square(int in, int out, int kernel, int stride, int pad) {
        return new ConvGeometry(in, out, kernel, kernel, stride, stride, pad, pad, 1, 1, 1);
    }

    /** Output rows for {@code inH} input rows. */
    public int outH(int inH) {
        return Math.floorDiv(inH + 2 * padH - dilationH * (kernelH - 1) - 1, strideH) + 1;
    }

    /** Output columns for {@code inW} input columns. */
    public int outW(int inW) {
        return Math.floorDiv(inW + 2 * padW - dilationW * (kernelW - 1) - 1, strideW) + 1;
    }

    /** Input channels per group. */
    public int inPerGroup() {
        return inChannels / groups;
    }

    /** Output channels per group. */
    public int outPerGroup() {
        return outChannels / groups;
    }
}
