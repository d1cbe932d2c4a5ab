package dev.loupe.nn;

import dev.loupe.tensor.Tensor;

/** What a forward step remembers for its backward step, besides its inputs and output. */
public sealed interface LayerState {
    /** Nothing to remember. */
    LayerState NONE = new None();

    /** Nothing to remember. */
    record None() implements LayerState {
    }

    /**
     * Max-pool switches: for output element {@code i} (flat NCHW index), {@code argmax[i]} is the flat index into
     * the input of the window's maximum (the first one in row-major order on ties, as PyTorch on CPU), or −1 when
     * the window lies entirely in the padding.
     */
    record PoolSwitches(int[] argmax) implements LayerState {
    }

    /**
     * Batch statistics of a training-mode batch normalisation: per channel {@code [C]} mean and
     * {@code 1/sqrt(var + eps)} of the batch (biased variance), and the unbiased variance for the running average.
     */
    record BatchStatistics(float[] mean, float[] inverseStd, float[] unbiasedVariance) implements LayerState {
    }

    /** A dropout mask with the kept elements set to {@code 1/(1−p)} and dropped ones to 0, shaped like the input. */
    record DropoutMask(Tensor mask) implements LayerState {
    }
}
