package dev.loupe.conformance;

import dev.loupe.explain.Target;
import dev.loupe.explain.gradient.GradientTimesInput;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;
import java.util.Map;

/** Method {@code gradient_x_input}: input times gradient; output {@code attribution}. */
public final class GradientTimesInputHandler implements CaseHandler {
    @Override
    public Map<String, Tensor> compute(ReferenceCase c, Model model) {
        return Map.of("attribution", new GradientTimesInput().explain(model, c.loadInput(),
                new Target.PerImage(c.targetArray())).map());
    }
}
