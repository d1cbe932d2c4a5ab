package dev.loupe.conformance;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the reference set's binary tensors: raw little-endian IEEE-754 float32 in C order, no header. The file size
 * must be exactly 4 bytes times the number of elements of the declared shape.
 */
public final class RawFloat32 {
    private RawFloat32() {
    }

    /**
     * Reads {@code file} as a tensor of the given shape.
     *
     * @throws LoupeException when the file is missing, unreadable, or its size does not match the shape
     */
    public static Tensor read(Path file, int... shape) {
        long elements = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new LoupeException(file + ": negative dimension in shape " + Arrays.toString(shape));
            }
            elements *= d;
        }
        if (elements * 4 > Integer.MAX_VALUE - 8) {
            throw new LoupeException(file + ": shape " + Arrays.toString(shape) + " is too large");
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size != elements * 4) {
                throw new LoupeException(file + ": expected " + elements * 4 + " bytes (float32 " + Arrays.toString(shape)
                        + "), found " + size);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new LoupeException(file + ": no such file", e);
        } catch (IOException e) {
            throw new LoupeException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (bytes.length != elements * 4) {
            throw new LoupeException(file + ": changed size while being read");
        }
        float[] data = new float[(int) elements];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return Tensor.wrap(data, shape);
    }

    /** Writes {@code tensor} as raw little-endian float32 (for tests and for exporting results). */
    public static void write(Path file, Tensor tensor) {
        ByteBuffer buf = ByteBuffer.allocate(tensor.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(tensor.data());
        try {
            Files.write(file, buf.array());
        } catch (IOException e) {
            throw new LoupeException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
