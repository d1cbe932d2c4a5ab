package dev.loupe.nn;

import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * One recorded step of a forward pass, as a backward rule sees it.
 *
 * @param node     the graph node (name, layer, input names)
 * @param inputs   the layer's input batches, in the node's input order
 * @param output   the layer's output batch
 * @param state    what the layer remembered
 * @param parallel the threads the backward step may use
 */
public record Step(Node node, List<Tensor> inputs, Tensor output, LayerState state, Parallel parallel) {
    /** The layer of this step. */
    public Layer layer() {
        return node.layer();
    }

    /** The single input of a one-input layer. */
    public Tensor input() {
        return inputs.get(0);
    }
}
