package dev.loupe.nn;

import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * A recorded forward pass: the input batch, every node's output and every layer's remembered state (such as
 * max-pool switches). A trace is what every explanation method walks backwards; it is an immutable value as far as
 * its users are concerned (its tensors must not be modified), so many backward walks can share one trace.
 */
public final class Trace {
    private final Model model;
    private final Tensor input;
    private final Tensor[] outputs;
    private final LayerState[] states;
    private final ForwardOptions options;

    Trace(Model model, Tensor input, Tensor[] outputs, LayerState[] states, ForwardOptions options) {
        this.model = model;
        this.input = input;
        this.outputs = outputs;
        this.states = states;
        this.options = options;
    }

    /** The model that ran. */
    public Model model() {
        return model;
    }

    /** The input batch {@code [N, C, H, W]}. */
    public Tensor input() {
        return input;
    }

    /** Batch size. */
    public int batchSize() {
        return input.dim(0);
    }

    /** The options of the forward pass. */
    public ForwardOptions options() {
        return options;
    }

    /** The model's output (its last node), usually the logits {@code [N, classes]}. */
    public Tensor output() {
        return outputs[outputs.length - 1];
    }

    /** The output of the named node, or the input for {@link Model#INPUT}. */
    public Tensor activation(String name) {
        if (Model.INPUT.equals(name)) {
            return input;
        }
        return outputs[model.indexOf(name)];
    }

    /** The output of node number {@code index} in execution order. */
    public Tensor activation(int index) {
        return outputs[index];
    }

    /** The remembered state of the named node. */
    public LayerState state(String name) {
        return states[model.indexOf(name)];
    }

    /** The recorded step of node number {@code index}, for backward rules, using {@code parallel}. */
    public Step step(int index, Parallel parallel) {
        Node node = model.nodes().get(index);
        List<Tensor> inputs = node.inputs().stream().map(this::activation).toList();
        return new Step(node, inputs, outputs[index], states[index], parallel);
    }

    /** The recorded step of the named node. */
    public Step step(String name) {
        return step(model.indexOf(name), options.parallel());
    }
}
