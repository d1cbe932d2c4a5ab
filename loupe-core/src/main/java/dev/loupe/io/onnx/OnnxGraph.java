package dev.loupe.io.onnx;

import java.util.List;
import java.util.Map;

/**
 * The computation of an ONNX model ({@code GraphProto}).
 *
 * @param name         the graph's name
 * @param nodes        the nodes in topological order
 * @param initializers the constant tensors by name (weights, biases, shape constants)
 * @param inputs       the graph inputs; older files also list the initializers here
 * @param outputs      the graph outputs
 */
public record OnnxGraph(String name, List<OnnxNode> nodes, Map<String, OnnxTensor> initializers,
                        List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs) {
    public OnnxGraph {
        nodes = List.copyOf(nodes);
        initializers = Map.copyOf(initializers);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** The inputs that are not initializers: what a caller must feed. */
    public List<OnnxValueInfo> dataInputs() {
        return inputs.stream().filter(v -> !initializers.containsKey(v.name())).toList();
    }
}
