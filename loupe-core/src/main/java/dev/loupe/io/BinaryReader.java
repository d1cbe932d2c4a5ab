package dev.loupe.io;

import dev.loupe.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link BinaryWriter} wrote, checking every length against the bytes that remain so that a damaged
 * file fails with {@link Malformed} instead of a huge allocation.
 */
final class BinaryReader {
    /** The content does not parse; the message says what was wrong. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private static final int MAX_RANK = 8;
    private final ByteBuffer buf;

    BinaryReader(byte[] bytes, int offset, int length) {
        this.buf = ByteBuffer.wrap(bytes, offset, length).order(ByteOrder.BIG_ENDIAN);
    }

    private void need(long n, String what) throws Malformed {
        if (n < 0 || n > buf.remaining()) {
            throw new Malformed(what + " runs past the end of the content");
        }
    }

    int readInt() throws Malformed {
        need(4, "a number");
        return buf.getInt();
    }

    long readLong() throws Malformed {
        need(8, "a number");
        return buf.getLong();
    }

    double readDouble() throws Malformed {
        need(8, "a number");
        return buf.getDouble();
    }

    boolean readBoolean() throws Malformed {
        int v = readInt();
        if (v != 0 && v != 1) {
            throw new Malformed("a flag has the value " + v);
        }
        return v == 1;
    }

    String readString() throws Malformed {
        int n = readInt();
        need(n, "a text of " + n + " bytes");
        byte[] b = new byte[n];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A count of items that each take at least {@code minBytes} bytes. */
    int readCount(String what, int minBytes) throws Malformed {
        int n = readInt();
        if (n < 0 || (long) n * minBytes > buf.remaining()) {
            throw new Malformed("implausible number of " + what + ": " + n);
        }
        return n;
    }

    Tensor readTensor() throws Malformed {
        int rank = readInt();
        if (rank < 0 || rank > MAX_RANK) {
            throw new Malformed("a tensor has rank " + rank);
        }
        int[] shape = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = readInt();
            if (shape[i] < 0) {
                throw new Malformed("a tensor has a negative dimension");
            }
            size *= shape[i];
            need(size * Float.BYTES, "a tensor of " + size + " values");
        }
        need(size * Float.BYTES, "a tensor of " + size + " values");
        float[] data = new float[(int) size];
        buf.asFloatBuffer().get(data);
        buf.position(buf.position() + data.length * Float.BYTES);
        return Tensor.wrap(data, shape);
    }

    boolean atEnd() {
        return !buf.hasRemaining();
    }
}
