package dev.loupe.nn;

import dev.loupe.tensor.Parallel;

/**
 * How to run a forward pass.
 *
 * @param training  true for training mode (batch statistics in BatchNorm, active Dropout)
 * @param seed      seed for the randomness of training mode (dropout masks)
 * @param parallel  the threads kernels may use
 * @param backward  whether the trace will be walked backwards: layers keep what their backward steps need (the
 *                  max-pool switches). Without it a max pool only takes maxima, which is faster, and
 *                  {@link Model#backward} refuses the trace.
 */
public record ForwardOptions(boolean training, long seed, Parallel parallel, boolean backward) {
    /** Options that keep what a backward walk needs. */
    public ForwardOptions(boolean training, long seed, Parallel parallel) {
        this(training, seed, parallel, true);
    }

    /** Inference mode on the default threads. */
    public static ForwardOptions inference() {
        return new ForwardOptions(false, 0, Parallel.defaults());
    }

    /** Inference mode on the given threads. */
    public static ForwardOptions inference(Parallel parallel) {
        return new ForwardOptions(false, 0, parallel);
    }

    /**
     * Inference mode for outputs and activations only, on the given threads: nothing is kept for a backward walk.
     * The values are those of {@link #inference(Parallel)}, except that a max pool may return +0 where the first
     * of its tied zero candidates was −0.
     */
    public static ForwardOptions prediction(Parallel parallel) {
        return new ForwardOptions(false, 0, parallel, false);
    }

    /** Training mode with the given dropout seed on the given threads. */
    public static ForwardOptions training(long seed, Parallel parallel) {
        return new ForwardOptions(true, seed, parallel);
    }
}
