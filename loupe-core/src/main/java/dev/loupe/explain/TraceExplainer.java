package dev.loupe.explain;

import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Model;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;

/**
 * An explainer that works on an already recorded forward pass. Composed methods (guided Grad-CAM, a benchmark that
 * runs several methods on one batch) record the forward pass once and hand the same {@link Trace} to each part.
 */
public interface TraceExplainer extends Explainer {
    /** Explains {@code target} for every image of the recorded batch {@code trace.input() [N, C, H, W]}. */
    Attribution explain(Trace trace, Target target);

    /** Records an inference forward pass on the default threads, then explains it. */
    @Override
    default Attribution explain(Model model, Tensor input, Target target) {
        return explain(model.forward(input, ForwardOptions.inference(Parallel.defaults())), target);
    }
}
