package dev.loupe.conformance;

import dev.loupe.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A raw float32 tensor file named by the manifest, with its declared shape; {@code file} is already resolved
 * against the folder holding the manifest.
 *
 * @param file  the {@code .bin} file
 * @param shape the declared shape, batch included where there is one
 */
public record TensorFile(Path file, int[] shape) {
    public TensorFile {
        shape = shape.clone();
    }

    /** Reads the tensor, checking the file size against the shape. */
    public Tensor load() {
        return RawFloat32.read(file, shape);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorFile t && t.file.equals(file) && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return file.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return file + " " + Arrays.toString(shape);
    }
}
