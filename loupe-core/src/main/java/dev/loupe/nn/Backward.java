package dev.loupe.nn;

import dev.loupe.tensor.Tensor;

/**
 * The result of one backward walk: the signal (gradient or relevance) at the output of every node that the walk
 * reached, and at the model's input.
 */
public final class Backward {
    private final Trace trace;
    private final Tensor[] atNode;
    private final Tensor atInput;

    Backward(Trace trace, Tensor[] atNode, Tensor atInput) {
        this.trace = trace;
        this.atNode = atNode;
        this.atInput = atInput;
    }

    /** The trace that was walked. */
    public Trace trace() {
        return trace;
    }

    /** The signal at the model input {@code [N, C, H, W]}; zeros when nothing reached it. */
    public Tensor input() {
        return atInput != null ? atInput : Tensor.zeros(trace.input().shape());
    }

    /**
     * The signal at the output of the named node (shape of that node's output), zeros when the walk did not reach
     * it; {@link Model#INPUT} gives {@link #input()}.
     */
    public Tensor at(String name) {
        if (Model.INPUT.equals(name)) {
            return input();
        }
        int i = trace.model().indexOf(name);
        return atNode[i] != null ? atNode[i] : Tensor.zeros(trace.activation(i).shape());
    }
}
