package dev.loupe.nn;

import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * One operation of a {@link Model}: a pure function of its inputs and its (read-only) parameters.
 *
 * <p>Layers never keep state between calls; whatever the backward step needs beyond the inputs and the output
 * (max-pool switches, batch statistics, a dropout mask) is returned as a {@link LayerState} and stored in the
 * {@link Trace}. Layer kinds are types so that backward rules can be chosen by a type test: {@link LinearLayer}
 * (convolution and dense), {@link Activation}, {@link Pooling}, and the rest.
 *
 * <p>All tensors carry the batch as their first axis; shapes given without it are "per-image" shapes.
 */
public sealed interface Layer permits LinearLayer, Activation, Pooling, BatchNorm2d, Dropout, Flatten, Softmax,
        LogSoftmax, Add {

    /** The kind's stable name, as used in model files and the reference manifest: {@code conv2d}, {@code relu}… */
    String kind();

    /** Number of inputs: 1, or 2 for {@link Add}. */
    default int arity() {
        return 1;
    }

    /**
     * The per-image output shape for the given per-image input shapes.
     *
     * @throws IllegalArgumentException when the inputs do not fit this layer
     */
    int[] outputShape(List<int[]> inputShapes);

    /** Runs the layer on a batch. */
    LayerOutput forward(List<Tensor> inputs, ForwardOptions options);

    /**
     * The exact vector-Jacobian product: the gradient with respect to each input, given the gradient
     * {@code gradOutput} with respect to the output of the recorded {@code step}.
     */
    List<Tensor> backward(Step step, Tensor gradOutput);

    /** The layer's parameters and buffers in a fixed order (empty for parameter-free layers). */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** A copy of this layer with every parameter tensor deep-copied. */
    default Layer deepCopy() {
        return this;
    }

    /** A one-line description, such as {@code Conv2d(1→10, k5)}. */
    String describe();
}
