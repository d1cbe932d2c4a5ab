package dev.loupe.explain.localization;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;

/**
 * How well saliency maps locate digits: per image, the IoU of the localized box with the ink box, and their mean.
 *
 * @param iou     per image
 * @param meanIoU the mean over images
 */
public record LocalizationScore(double[] iou, double meanIoU) {
    public LocalizationScore {
        iou = iou.clone();
    }

    @Override
    public double[] iou() {
        return iou.clone();
    }

    /**
     * Scores {@code maps [N, C, H, W]} against the ink boxes of {@code images [N, 1, H, W]}.
     *
     * @param inkThreshold pixels of the images above this value are ink
     */
    public static LocalizationScore evaluate(SaliencyLocalizer localizer, Tensor maps, Tensor images,
                                             double inkThreshold) {
        int n = maps.dim(0);
        if (images.dim(0) != n || maps.dim(-1) != images.dim(-1) || maps.dim(-2) != images.dim(-2)) {
            throw new LoupeException("maps " + maps.shapeString() + " and images " + images.shapeString()
                    + " do not match");
        }
        double[] iou = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            BoundingBox found = localizer.localize(maps.item(i)).box();
            iou[i] = found.iou(InkBox.of(images.item(i), inkThreshold));
            sum += iou[i];
        }
        return new LocalizationScore(iou, n == 0 ? 0 : sum / n);
    }
}
