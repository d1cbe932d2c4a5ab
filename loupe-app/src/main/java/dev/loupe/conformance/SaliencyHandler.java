package dev.loupe.conformance;

import dev.loupe.explain.Target;
import dev.loupe.explain.gradient.Saliency;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;
import java.util.Map;

/**
 * Method {@code saliency}: the target logit's input gradient, its absolute value when {@code abs}; output
 * {@code attribution}.
 */
public final class SaliencyHandler implements CaseHandler {
    @Override
    public Map<String, Tensor> compute(ReferenceCase c, Model model) {
        Saliency saliency = new Saliency(c.flag("abs") ? Saliency.Mode.ABS : Saliency.Mode.SIGNED);
        Target target = new Target.PerImage(c.targetArray());
        return Map.of("attribution", saliency.explain(model, c.loadInput(), target).map());
    }
}
