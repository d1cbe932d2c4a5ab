package dev.loupe.io;

import dev.loupe.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Big-endian primitives, length-prefixed UTF-8 strings and shaped float tensors into a growing byte array. The data
 * stream is unbuffered, so raw writes to the byte array interleave correctly with it.
 */
final class BinaryWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    private final DataOutputStream out = new DataOutputStream(bytes);

    void writeInt(int v) {
        try {
            out.writeInt(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void writeLong(long v) {
        try {
            out.writeLong(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void writeDouble(double v) {
        try {
            out.writeDouble(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void writeBoolean(boolean v) {
        writeInt(v ? 1 : 0);
    }

    void writeString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeInt(utf8.length);
        bytes.write(utf8, 0, utf8.length);
    }

    /** Rank, dimensions, then the values in C order. */
    void writeTensor(Tensor t) {
        int[] shape = t.shape();
        writeInt(shape.length);
        for (int d : shape) {
            writeInt(d);
        }
        ByteBuffer buf = ByteBuffer.allocate(t.size() * Float.BYTES).order(ByteOrder.BIG_ENDIAN);
        buf.asFloatBuffer().put(t.data());
        bytes.write(buf.array(), 0, buf.capacity());
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
