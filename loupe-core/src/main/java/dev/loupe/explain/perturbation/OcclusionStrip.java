package dev.loupe.explain.perturbation;

import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * The data of a Zeiler &amp; Fergus (2014, Fig. 7) strip: a few occluded copies of one image with the probability
 * of the true class for each, ready for a renderer to draw with captions.
 *
 * @param trueClass       the class whose probability is shown
 * @param windows         where the occluder was, one per image
 * @param images          the occluded images, each {@code [1, C, H, W]}
 * @param probabilities   probability of {@code trueClass} for each occluded image
 * @param original        probability of {@code trueClass} for the unoccluded image
 */
public record OcclusionStrip(int trueClass, List<Window> windows, List<Tensor> images, double[] probabilities,
                             double original) {
    public OcclusionStrip {
        windows = List.copyOf(windows);
        images = List.copyOf(images);
        probabilities = probabilities.clone();
        if (windows.size() != images.size() || images.size() != probabilities.length) {
            throw new IllegalArgumentException("strip needs one window and one probability per image");
        }
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }
}
