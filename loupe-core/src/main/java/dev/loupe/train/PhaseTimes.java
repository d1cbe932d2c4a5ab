package dev.loupe.train;

/**
 * Wall-clock seconds spent in each phase of the training steps of the current epoch so far, for profiling.
 *
 * @param batching copying the shuffled images into the batch
 * @param forward  the training-mode forward pass
 * @param loss     cross-entropy and its gradient
 * @param backward the parameter gradients
 * @param update   the optimizer step and the batch-norm running statistics
 */
public record PhaseTimes(double batching, double forward, double loss, double backward, double update) {
    /** The sum of all phases. */
    public double total() {
        return batching + forward + loss + backward + update;
    }

    @Override
    public String toString() {
        double t = Math.max(total(), 1e-12);
        return String.format("batching %.1f%%, forward %.1f%%, loss %.1f%%, backward %.1f%%, update %.1f%% of %.2f s",
                100 * batching / t, 100 * forward / t, 100 * loss / t, 100 * backward / t, 100 * update / t, total());
    }
}
