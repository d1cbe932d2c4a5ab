package dev.loupe.nn;

import dev.loupe.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradients of a scalar loss with respect to the trainable parameters, keyed by node name, in the order of
 * {@link Layer#parameters()} restricted to trainable ones.
 */
public final class Gradients {
    private final Map<String, List<Tensor>> byNode;

    Gradients(Map<String, List<Tensor>> byNode) {
        this.byNode = Collections.unmodifiableMap(new LinkedHashMap<>(byNode));
    }

    /** The gradients of the named node's trainable parameters (empty if it has none). */
    public List<Tensor> of(String node) {
        return byNode.getOrDefault(node, List.of());
    }

    /** All gradients by node name, in execution order. */
    public Map<String, List<Tensor>> byNode() {
        return byNode;
    }
}
