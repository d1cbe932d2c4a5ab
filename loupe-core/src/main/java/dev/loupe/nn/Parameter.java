package dev.loupe.nn;

import dev.loupe.tensor.Tensor;

/**
 * A named parameter or buffer of a layer.
 *
 * @param name      the name within the layer: {@code weight}, {@code bias}, {@code running_mean}, {@code running_var}
 * @param value     the tensor (shared with the layer)
 * @param trainable false for buffers such as running statistics
 */
public record Parameter(String name, Tensor value, boolean trainable) {
}
