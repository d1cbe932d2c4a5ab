package dev.loupe.features;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;

/**
 * A rectangle of pixels.
 *
 * @param top    first row
 * @param left   first column
 * @param height rows, at least 1
 * @param width  columns, at least 1
 */
public record Box(int top, int left, int height, int width) {
    public Box {
        if (height < 1 || width < 1 || top < 0 || left < 0) {
            throw new LoupeException("a box needs a non-negative corner and a positive size, got " + height + "x"
                    + width + " at (" + top + ", " + left + ")");
        }
    }

    /**
     * Checks that the box lies inside an {@code h × w} image.
     *
     * @throws LoupeException when it does not
     */
    public Box requireInside(int h, int w) {
        if (top + height > h || left + width > w) {
            throw new LoupeException("the " + height + "x" + width + " box at (" + top + ", " + left
                    + ") does not fit the " + h + "x" + w + " images");
        }
        return this;
    }

    /** A copy of image {@code i} of {@code images [N, C, H, W]} with this box set to {@code fill} in every channel. */
    public Tensor maskImage(Tensor images, int i, float fill) {
        Tensor one = images.item(i);
        int c = one.dim(1), h = one.dim(2), w = one.dim(3);
        requireInside(h, w);
        float[] d = one.data();
        for (int ch = 0; ch < c; ch++) {
            for (int y = top; y < top + height; y++) {
                java.util.Arrays.fill(d, (ch * h + y) * w + left, (ch * h + y) * w + left + width, fill);
            }
        }
        return one;
    }
}
