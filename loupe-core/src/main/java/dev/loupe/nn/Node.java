package dev.loupe.nn;

import java.util.List;

/**
 * A named layer in a model graph together with the names of the nodes it reads ({@link Model#INPUT} for the
 * model's input).
 *
 * @param name   unique name within the model
 * @param layer  the operation
 * @param inputs names of the producing nodes, one per layer input
 */
public record Node(String name, Layer layer, List<String> inputs) {
    public Node {
        inputs = List.copyOf(inputs);
        if (inputs.size() != layer.arity()) {
            throw new IllegalArgumentException(
                    "node " + name + ": " + layer.kind() + " takes " + layer.arity() + " inputs, got " + inputs);
        }
    }
}
