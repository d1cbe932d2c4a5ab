package dev.loupe.io.onnx;

import java.util.List;
import java.util.Map;

/**
 * One operator call of an ONNX graph ({@code NodeProto}).
 *
 * @param opType     the operator, such as {@code Conv}
 * @param name       the node's name (may be empty)
 * @param domain     the operator set domain, empty for the default {@code ai.onnx}
 * @param inputs     the names of the input tensors; an empty name is an omitted optional input
 * @param outputs    the names of the output tensors
 * @param attributes the attributes by name
 */
public record OnnxNode(String opType, String name, String domain, List<String> inputs, List<String> outputs,
                       Map<String, OnnxAttribute> attributes) {
    public OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Map.copyOf(attributes);
    }

    /** The node for messages: {@code Conv node '/conv1/Conv'}, or {@code Conv node #3} when it has no name. */
    public String describe(int position) {
        return opType + " node " + (name.isEmpty() ? "#" + position : "'" + name + "'");
    }
}
