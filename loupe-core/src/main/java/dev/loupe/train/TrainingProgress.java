package dev.loupe.train;

import dev.loupe.nn.Model;
import java.util.function.LongSupplier;

/**
 * An immutable view of a training run at one moment, handed to {@link TrainingListener}s. Loss and accuracy are
 * running values over the current epoch so far, computed on the training batches in training mode.
 */
public final class TrainingProgress {
    private final int epoch;
    private final int epochs;
    private final long step;
    private final int stepInEpoch;
    private final int stepsPerEpoch;
    private final long imagesInEpoch;
    private final double loss;
    private final double batchLoss;
    private final double accuracy;
    private final double imagesPerSecond;
    private final PhaseTimes times;
    private final Model live;
    private final LongSupplier currentStep;

    TrainingProgress(int epoch, int epochs, long step, int stepInEpoch, int stepsPerEpoch, long imagesInEpoch,
                     double loss, double batchLoss, double accuracy, double imagesPerSecond, PhaseTimes times,
                     Model live, LongSupplier currentStep) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.step = step;
        this.stepInEpoch = stepInEpoch;
        this.stepsPerEpoch = stepsPerEpoch;
        this.imagesInEpoch = imagesInEpoch;
        this.loss = loss;
        this.batchLoss = batchLoss;
        this.accuracy = accuracy;
        this.imagesPerSecond = imagesPerSecond;
        this.times = times;
        this.live = live;
        this.currentStep = currentStep;
    }

    /** The current epoch, from 1. */
    public int epoch() {
        return epoch;
    }

    /** The total number of epochs of the run. */
    public int epochs() {
        return epochs;
    }

    /** Optimizer steps taken since the start of the run (1 after the first step). */
    public long step() {
        return step;
    }

    /** Steps taken in the current epoch, from 1. */
    public int stepInEpoch() {
        return stepInEpoch;
    }

    /** Steps in a full epoch. */
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** Images trained on in the current epoch. */
    public long imagesInEpoch() {
        return imagesInEpoch;
    }

    /** Mean cross-entropy over the current epoch's batches so far. */
    public double loss() {
        return loss;
    }

    /** Cross-entropy of the last batch. */
    public double batchLoss() {
        return batchLoss;
    }

    /** Fraction of the current epoch's images so far whose top logit was the label (before each update). */
    public double accuracy() {
        return accuracy;
    }

    /**
     * Training throughput over the current epoch so far: images per second of time spent in training steps (time
     * spent in listeners is not counted).
     */
    public double imagesPerSecond() {
        return imagesPerSecond;
    }

    /** Where the current epoch's time went so far, by phase of the step. */
    public PhaseTimes times() {
        return times;
    }

    /**
     * A deep copy of the model's weights as they are now; only valid during the listener call.
     *
     * @throws IllegalStateException when called after training moved on
     */
    public Model snapshot() {
        if (currentStep.getAsLong() != step) {
            throw new IllegalStateException("snapshot() of step " + step + " called after training moved on to step "
                    + currentStep.getAsLong() + "; take snapshots inside the listener call");
        }
        return live.deepCopy();
    }

    @Override
    public String toString() {
        return String.format("epoch %d/%d step %d/%d loss %.4f accuracy %.4f %.0f images/s", epoch, epochs,
                stepInEpoch, stepsPerEpoch, loss, accuracy, imagesPerSecond);
    }
}
