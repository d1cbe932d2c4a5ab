package dev.loupe.report;

import dev.loupe.nn.Model;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the report knows about how the model was trained: weight snapshots in training order (label such as
 * {@code epoch 1} → model) for the feature-evolution section, and per-epoch loss and accuracy for the training curves.
 * Either may be empty; {@link TrainingRecorder} collects both from a {@link dev.loupe.train.Trainer} run.
 *
 * @param snapshots ordered label → model of the same architecture as the reported model
 * @param epochs    per-epoch training statistics, in order
 */
public record TrainingHistory(Map<String, Model> snapshots, List<EpochStats> epochs) {
    public TrainingHistory {
        Objects.requireNonNull(snapshots, "snapshots");
        snapshots = Collections.unmodifiableMap(new LinkedHashMap<>(snapshots));
        epochs = List.copyOf(epochs);
    }

    /** Nothing known about training. */
    public static TrainingHistory none() {
        return new TrainingHistory(Map.of(), List.of());
    }

    /** Whether there are at least two snapshots to compare. */
    public boolean hasEvolution() {
        return snapshots.size() >= 2;
    }
}
