package dev.loupe.conformance;

import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;
import java.util.Map;

/** Method {@code logits}: the plain inference-mode forward pass; output {@code logits [N, classes]}. */
public final class LogitsHandler implements CaseHandler {
    @Override
    public Map<String, Tensor> compute(ReferenceCase referenceCase, Model model) {
        return Map.of("logits", model.predict(referenceCase.loadInput()));
    }
}
