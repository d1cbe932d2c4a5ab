package dev.loupe.explain.lrp;

import dev.loupe.nn.LogSoftmax;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.Softmax;
import java.util.List;

/**
 * The canoniser that ends a model at its logits: a final {@link Softmax} or {@link LogSoftmax} is removed, so
 * relevance starts at the class score {@code [N, K]} before normalisation. That is the output LRP explains (Bach et
 * al. 2015, "On pixel-wise explanations for non-linear classifier decisions by layer-wise relevance propagation",
 * PLOS ONE, start from the classifier's score; Zennit and Captum are handed logits): the softmax couples all
 * classes, conserves no relevance and has no LRP rule. Models imported from ONNX often end with one.
 */
public final class LogitsOutput {
    private LogitsOutput() {
    }

    /** The model without its final softmax, or {@code model} itself when it does not end with one. */
    public static Model apply(Model model) {
        List<Node> nodes = model.nodes();
        Node last = nodes.get(nodes.size() - 1);
        boolean normalises = last.layer() instanceof Softmax || last.layer() instanceof LogSoftmax;
        if (!normalises || nodes.size() == 1) {
            return model;
        }
        return model.withNodes(nodes.subList(0, nodes.size() - 1));
    }
}
