package dev.loupe.conformance;

import dev.loupe.LoupeException;
import dev.loupe.nn.Model;
import dev.loupe.nn.Softmax;
import dev.loupe.tensor.Tensor;
import java.util.Map;

/**
 * Method {@code softmax}: the softmax over the classes of the inference-mode logits; output
 * {@code probabilities [N, classes]}. Hyper-parameter {@code dim} must be 1 (the class axis) when given.
 */
public final class SoftmaxHandler implements CaseHandler {
    @Override
    public Map<String, Tensor> compute(ReferenceCase referenceCase, Model model) {
        if (referenceCase.hyperparameters().has("dim")) {
            int dim = referenceCase.integer("dim");
            if (dim != 1 && dim != -1) {
                throw new LoupeException("case " + referenceCase.id() + ": softmax over dimension " + dim
                        + " is not supported; only the class dimension 1");
            }
        }
        return Map.of("probabilities", Softmax.of(model.predict(referenceCase.loadInput())));
    }
}
