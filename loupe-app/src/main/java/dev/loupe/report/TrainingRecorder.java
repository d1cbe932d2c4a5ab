package dev.loupe.report;

import dev.loupe.nn.Model;
import dev.loupe.train.TrainingListener;
import dev.loupe.train.TrainingProgress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link TrainingListener} that records what the report needs from a training run: the loss and accuracy of every
 * epoch, and a weight snapshot at the end of the chosen epochs (always including the last). Pass it to the
 * {@link dev.loupe.train.Trainer} and hand {@link #history()} to {@link ReportInput}.
 */
public final class TrainingRecorder implements TrainingListener {
    private final Set<Integer> snapshotEpochs;
    private final Map<String, Model> snapshots = new LinkedHashMap<>();
    private final List<EpochStats> epochs = new ArrayList<>();

    private TrainingRecorder(Set<Integer> snapshotEpochs) {
        this.snapshotEpochs = snapshotEpochs;
    }

    /** Records snapshots after the given epochs (from 1) and after the last one. */
    public static TrainingRecorder atEpochs(int... epochs) {
        Set<Integer> set = new TreeSet<>();
        for (int e : epochs) {
            if (e < 1) {
                throw new IllegalArgumentException("snapshot epochs start at 1, got " + e);
            }
            set.add(e);
        }
        return new TrainingRecorder(set);
    }

    @Override
    public void onEpochEnd(TrainingProgress progress) {
        epochs.add(new EpochStats(progress.epoch(), progress.loss(), progress.accuracy()));
        if (snapshotEpochs.contains(progress.epoch()) || progress.epoch() == progress.epochs()) {
            snapshots.put("epoch " + progress.epoch(), progress.snapshot());
        }
    }

    /** What was recorded so far. */
    public TrainingHistory history() {
        return new TrainingHistory(snapshots, epochs);
    }
}
