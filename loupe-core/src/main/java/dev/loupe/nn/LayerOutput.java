package dev.loupe.nn;

import dev.loupe.tensor.Tensor;

/**
 * What a layer's forward pass produced: its output and whatever its backward step needs to remember.
 *
 * @param value the output batch
 * @param state the remembered state ({@link LayerState.None} for most layers)
 */
public record LayerOutput(Tensor value, LayerState state) {
    /** An output with no remembered state. */
    public static LayerOutput of(Tensor value) {
        return new LayerOutput(value, LayerState.NONE);
    }
}
