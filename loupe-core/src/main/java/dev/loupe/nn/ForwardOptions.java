package dev.loupe.nn;

import dev.loupe.tensor.Parallel;

/**
 * How to run a forward pass.
 *
 * @param training  true for training mode (batch statistics in BatchNorm, active Dropout)
 * @param seed      seed for the randomness of training mode (dropout masks)
 * @param parallel  the threads kernels may use
 */
public record ForwardOptions(boolean training, long seed, Parallel parallel) {
    /** Inference mode on the default threads. */
    public static ForwardOptions inference() {
        return new ForwardOptions(false, 0, Parallel.defaults());
    }

    /** Inference mode on the given threads. */
    public static ForwardOptions inference(Parallel parallel) {
        return new ForwardOptions(false, 0, parallel);
    }

    /** Training mode with the given dropout seed on the given threads. */
    public static ForwardOptions training(long seed, Parallel parallel) {
        return new ForwardOptions(true, seed, parallel);
    }
}
