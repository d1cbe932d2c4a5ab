package dev.loupe.features;

/**
 * The input region that one unit of a layer can see: the exact receptive field of Araujo, Norris and Sim,
 * "Computing Receptive Fields of Convolutional Neural Networks" (Distill, 2019).
 *
 * <p>Unit {@code (y, x)} of the layer's output {@code [C, h, w]} sees the input rows
 * {@code [startH + y·jumpH, startH + y·jumpH + sizeH)} and the columns
 * {@code [startW + x·jumpW, startW + x·jumpW + sizeW)}. The start is negative when padding puts part of the field
 * outside the image. A field that covers {@linkplain #wholeImage() the whole image} (after a dense layer, a flatten or
 * global pooling) ignores the position.
 *
 * @param sizeH      rows of the field, at least 1
 * @param sizeW      columns of the field, at least 1
 * @param jumpH      input rows between the fields of vertically adjacent units (the product of the strides)
 * @param jumpW      input columns between the fields of horizontally adjacent units
 * @param startH     first input row of unit (0, 0), possibly negative
 * @param startW     first input column of unit (0, 0), possibly negative
 * @param wholeImage whether every unit sees the whole image
 */
public record ReceptiveField(int sizeH, int sizeW, int jumpH, int jumpW, int startH, int startW, boolean wholeImage) {
    public ReceptiveField {
        if (sizeH < 1 || sizeW < 1 || jumpH < 1 || jumpW < 1) {
            throw new IllegalArgumentException("receptive field size and jump must be positive: " + sizeH + "x"
                    + sizeW + ", jump " + jumpH + "x" + jumpW);
        }
    }

    /** The field of the input itself: one pixel per unit. */
    public static ReceptiveField identity() {
        return new ReceptiveField(1, 1, 1, 1, 0, 0, false);
    }

    /** The field of a layer whose every unit sees the whole {@code height × width} image. */
    public static ReceptiveField whole(int height, int width) {
        return new ReceptiveField(height, width, 1, 1, 0, 0, true);
    }

    /**
     * The field after a sliding window (convolution or pooling) applied to a layer with this field:
     * {@code size' = size + dilation·(kernel − 1)·jump}, {@code jump' = jump·stride},
     * {@code start' = start − pad·jump}.
     */
    public ReceptiveField window(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                                 int dilationH, int dilationW) {
        if (wholeImage) {
            return this;
        }
        return new ReceptiveField(sizeH + dilationH * (kernelH - 1) * jumpH, sizeW + dilationW * (kernelW - 1) * jumpW,
                jumpH * strideH, jumpW * strideW, startH - padH * jumpH, startW - padW * jumpW, false);
    }

    /**
     * The union of two fields of one output grid (the two inputs of a residual {@code Add}). With equal jumps the
     * union of two aligned windows is again a window; with unequal jumps no window describes it for every position,
     * so the union is taken to be the whole image.
     */
    public ReceptiveField union(ReceptiveField other, int height, int width) {
        if (wholeImage || other.wholeImage || jumpH != other.jumpH || jumpW != other.jumpW) {
            return whole(height, width);
        }
        int top = Math.min(startH, other.startH), left = Math.min(startW, other.startW);
        int bottom = Math.max(startH + sizeH, other.startH + other.sizeH);
        int right = Math.max(startW + sizeW, other.startW + other.sizeW);
        return new ReceptiveField(bottom - top, right - left, jumpH, jumpW, top, left, false);
    }

    /**
     * The region of unit {@code (y, x)} in an image of {@code height × width} pixels, before and after clipping.
     */
    public PatchRegion region(int y, int x, int height, int width) {
        if (wholeImage) {
            return new PatchRegion(0, 0, height, width, height, width);
        }
        return new PatchRegion(startH + y * jumpH, startW + x * jumpW, sizeH, sizeW, height, width);
    }

    /** Whether input pixel {@code (row, col)} lies in the field of unit {@code (y, x)}. */
    public boolean contains(int y, int x, int row, int col) {
        if (wholeImage) {
            return true;
        }
        int top = startH + y * jumpH, left = startW + x * jumpW;
        return row >= top && row < top + sizeH && col >= left && col < left + sizeW;
    }
}
