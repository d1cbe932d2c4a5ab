package dev.loupe.report;

/**
 * One epoch of a training run as the report's training curves show it.
 *
 * @param epoch    the epoch, from 1
 * @param loss     mean training cross-entropy over the epoch
 * @param accuracy training accuracy over the epoch, in [0, 1]
 */
public record EpochStats(int epoch, double loss, double accuracy) {
    public EpochStats {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be at least 1, got " + epoch);
        }
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("accuracy must be in [0, 1], got " + accuracy);
        }
    }
}
