package dev.loupe.explain;

import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;

/**
 * One explanation method with fixed parameters. Explainers are immutable and keep nothing on the model, so one
 * explainer may explain many models from many threads at once.
 */
public interface Explainer {
    /** The registry name, such as {@code saliency} or {@code lrp.epsilon-plus-flat}. */
    String name();

    /** Explains {@code target} for every image of {@code input [N, C, H, W]}. The input is not modified. */
    Attribution explain(Model model, Tensor input, Target target);
}
