package dev.loupe.report;

import dev.loupe.LoupeException;
import dev.loupe.data.Dataset;
import dev.loupe.data.Normalization;
import dev.loupe.nn.Model;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a report is about.
 *
 * @param model         the trained classifier; its output is read as logits (a final softmax or log-softmax layer
 *                      is recognised)
 * @param classNames    one display name per model output
 * @param normalization the input standardisation the model was trained with; datasets hold raw [0, 1] images and
 *                      the report applies it before every forward pass
 * @param train         training images (nearest neighbours, top patches, a short training run when needed)
 * @param test          held-out images (every per-image figure, accuracy, t-SNE)
 * @param history       snapshots and training curves, or {@link TrainingHistory#none()}
 */
public record ReportInput(Model model, List<String> classNames, Normalization normalization, Dataset train,
                          Dataset test, TrainingHistory history) {
    public ReportInput {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(history, "history");
        classNames = List.copyOf(classNames);
        if (classNames.size() != model.outputSize()) {
            throw new LoupeException("the model has " + model.outputSize() + " outputs but " + classNames.size()
                    + " class names were given");
        }
        for (Dataset d : List.of(train, test)) {
            int[] shape = {d.channels(), d.height(), d.width()};
            if (!Arrays.equals(shape, model.inputShape())) {
                throw new LoupeException("dataset " + d.name() + " has images of shape " + Arrays.toString(shape)
                        + " but the model takes " + Arrays.toString(model.inputShape()));
            }
            if (d.size() < 4) {
                throw new LoupeException("dataset " + d.name() + " has " + d.size() + " images; the report needs "
                        + "at least 4");
            }
        }
        if (normalization.channels() != model.inputShape()[0]) {
            throw new LoupeException("the normalization has " + normalization.channels()
                    + " channel(s) but the model takes " + model.inputShape()[0]);
        }
        for (Model snapshot : history.snapshots().values()) {
            if (!Arrays.equals(snapshot.inputShape(), model.inputShape())
                    || !snapshot.nodeNames().equals(model.nodeNames())) {
                throw new LoupeException("training snapshots must have the architecture of the reported model");
            }
        }
    }

    /** An input without training history. */
    public static ReportInput of(Model model, List<String> classNames, Normalization normalization, Dataset train,
                                 Dataset test) {
        return new ReportInput(model, classNames, normalization, train, test, TrainingHistory.none());
    }

    /** This input with another training history. */
    public ReportInput withHistory(TrainingHistory newHistory) {
        return new ReportInput(model, classNames, normalization, train, test, newHistory);
    }
}
