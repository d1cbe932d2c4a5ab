package dev.loupe.explain.localization;

import dev.loupe.tensor.Tensor;

/**
 * An object located from a saliency map.
 *
 * @param mask      the kept component, 1 inside and 0 outside, {@code [H, W]}
 * @param box       its bounding box
 * @param threshold the map value the pixels had to reach
 * @param pixels    number of pixels in the component
 */
public record Localization(Tensor mask, BoundingBox box, double threshold, int pixels) {
}
