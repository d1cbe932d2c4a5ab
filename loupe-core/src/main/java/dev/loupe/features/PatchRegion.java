package dev.loupe.features;

import dev.loupe.tensor.Tensor;

/**
 * Where a unit's receptive field falls in an image: the full field (which may stick out of the image where the
 * network pads) and the part of it inside the image.
 *
 * @param fieldTop    first row of the full field, possibly negative
 * @param fieldLeft   first column of the full field, possibly negative
 * @param fieldHeight rows of the full field
 * @param fieldWidth  columns of the full field
 * @param imageHeight rows of the image
 * @param imageWidth  columns of the image
 */
public record PatchRegion(int fieldTop, int fieldLeft, int fieldHeight, int fieldWidth, int imageHeight,
                          int imageWidth) {
    public PatchRegion {
        if (fieldHeight < 1 || fieldWidth < 1 || imageHeight < 1 || imageWidth < 1) {
            throw new IllegalArgumentException("empty field " + fieldHeight + "x" + fieldWidth + " or image "
                    + imageHeight + "x" + imageWidth);
        }
        if (fieldTop >= imageHeight || fieldLeft >= imageWidth || fieldTop + fieldHeight <= 0
                || fieldLeft + fieldWidth <= 0) {
            throw new IllegalArgumentException("field at (" + fieldTop + ", " + fieldLeft + ") of " + fieldHeight + "x"
                    + fieldWidth + " lies outside the " + imageHeight + "x" + imageWidth + " image");
        }
    }

    /** First row of the clipped region. */
    public int top() {
        return Math.max(fieldTop, 0);
    }

    /** First column of the clipped region. */
    public int left() {
        return Math.max(fieldLeft, 0);
    }

    /** One past the last row of the clipped region. */
    public int bottom() {
        return Math.min(fieldTop + fieldHeight, imageHeight);
    }

    /** One past the last column of the clipped region. */
    public int right() {
        return Math.min(fieldLeft + fieldWidth, imageWidth);
    }

    /** Rows of the clipped region. */
    public int height() {
        return bottom() - top();
    }

    /** Columns of the clipped region. */
    public int width() {
        return right() - left();
    }

    /**
     * The clipped region of one image: {@code [C, H, W]} or {@code [1, C, H, W]} in, {@code [C, height, width]} out.
     */
    public Tensor crop(Tensor image) {
        return place(image, top(), left(), height(), width(), 0f);
    }

    /**
     * The full field of one image, {@code [C, fieldHeight, fieldWidth]}, with {@code fill} where the field lies
     * outside the image: every patch of a layer then has the same size and the image content keeps its place
     * relative to the unit.
     */
    public Tensor cropPadded(Tensor image, float fill) {
        return place(image, fieldTop, fieldLeft, fieldHeight, fieldWidth, fill);
    }

    private Tensor place(Tensor image, int top, int left, int rows, int cols, float fill) {
        int[] s = image.shape();
        if (!(s.length == 3 || s.length == 4 && s[0] == 1) || s[s.length - 2] != imageHeight
                || s[s.length - 1] != imageWidth) {
            throw new IllegalArgumentException("crop needs one [C, " + imageHeight + ", " + imageWidth
                    + "] image, got " + image.shapeString());
        }
        int c = s[s.length - 3];
        Tensor out = Tensor.full(fill, c, rows, cols);
        float[] src = image.data(), dst = out.data();
        for (int ch = 0; ch < c; ch++) {
            for (int r = 0; r < rows; r++) {
                int iy = top + r;
                if (iy < 0 || iy >= imageHeight) {
                    continue;
                }
                for (int q = 0; q < cols; q++) {
                    int ix = left + q;
                    if (ix >= 0 && ix < imageWidth) {
                        dst[(ch * rows + r) * cols + q] = src[(ch * imageHeight + iy) * imageWidth + ix];
                    }
                }
            }
        }
        return out;
    }
}
