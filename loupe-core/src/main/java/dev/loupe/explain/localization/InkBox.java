package dev.loupe.explain.localization;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;

/**
 * The ground-truth box of a digit on a plain background: the bounding box of its ink, the pixels brighter than a
 * threshold. For normalized MNIST a threshold of 0 keeps pixels above the dataset mean intensity (0.1307).
 */
public final class InkBox {
    private InkBox() {
    }

    /**
     * The ink box of one image, {@code [H, W]}, {@code [1, H, W]} or {@code [1, 1, H, W]} (single channel).
     *
     * @throws LoupeException when no pixel exceeds the threshold
     */
    public static BoundingBox of(Tensor image, double threshold) {
        int h = image.dim(-2), w = image.dim(-1);
        if (image.size() != h * w) {
            throw new LoupeException("ink boxes need one single-channel image, got " + image.shapeString());
        }
        boolean[] ink = new boolean[h * w];
        for (int p = 0; p < ink.length; p++) {
            ink[p] = image.data()[p] > threshold;
        }
        BoundingBox box = BoundingBox.of(ink, h, w);
        if (box == null) {
            throw new LoupeException("no pixel of the image is brighter than the ink threshold " + threshold);
        }
        return box;
    }
}
