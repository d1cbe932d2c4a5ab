package dev.loupe.features;

import dev.loupe.LoupeException;
import dev.loupe.nn.Model;
import java.util.Objects;

/**
 * A model as it was at one point of training, with a label such as {@code epoch 5} (see the trainer's snapshots).
 *
 * @param label what to call it in figures
 * @param model the weights at that point
 */
public record Snapshot(String label, Model model) {
    public Snapshot {
        Objects.requireNonNull(model, "model");
        if (label == null || label.isBlank()) {
            throw new LoupeException("a training snapshot needs a label, such as 'epoch 1'");
        }
    }
}
