package dev.loupe.train;

import java.util.function.Consumer;

/**
 * Observes a training run: called on the training thread after every {@link #stepInterval()} optimizer steps and at
 * the end of every epoch. A listener may take a weight snapshot with {@link TrainingProgress#snapshot()} during the
 * call (for example to show how features evolve), but must not keep the progress to snapshot later.
 */
public interface TrainingListener {

    /** Called after every {@link #stepInterval()}-th step (counted over the whole run). */
    default void onSteps(TrainingProgress progress) {
    }

    /** Called after the last step of each epoch. */
    default void onEpochEnd(TrainingProgress progress) {
    }

    /** Steps between {@link #onSteps} calls; 0 (the default) for never. */
    default int stepInterval() {
        return 0;
    }

    /** A listener that calls {@code action} every {@code steps} steps. */
    static TrainingListener everySteps(int steps, Consumer<TrainingProgress> action) {
        if (steps < 1) {
            throw new IllegalArgumentException("step interval must be at least 1, got " + steps);
        }
        return new TrainingListener() {
            @Override
            public void onSteps(TrainingProgress progress) {
                action.accept(progress);
            }

            @Override
            public int stepInterval() {
                return steps;
            }
        };
    }

    /** A listener that calls {@code action} at the end of every epoch. */
    static TrainingListener atEpochEnd(Consumer<TrainingProgress> action) {
        return new TrainingListener() {
            @Override
            public void onEpochEnd(TrainingProgress progress) {
                action.accept(progress);
            }
        };
    }
}
