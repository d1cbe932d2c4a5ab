package dev.loupe.io.onnx;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over one protobuf message in the wire format (https://protobuf.dev/programming-guides/encoding/):
 * a sequence of fields, each a key {@code (field number << 3) | wire type} followed by a varint (type 0), eight
 * little-endian bytes (type 1), a length-prefixed byte string (type 2: strings, nested messages, packed repeated
 * numbers) or four little-endian bytes (type 5).
 *
 * <p>Every read checks the bytes that remain, so a truncated or damaged message fails with a {@link Malformed}
 * instead of reading past its end or allocating a huge array.
 */
final class ProtoReader {
    /** Wire type of varints (int32, int64, enums, bools). */
    static final int VARINT = 0;
    /** Wire type of 64-bit little-endian values (double, fixed64). */
    static final int FIXED64 = 1;
    /** Wire type of length-delimited values (strings, bytes, messages, packed repeated fields). */
    static final int LENGTH_DELIMITED = 2;
    /** Wire type of 32-bit little-endian values (float, fixed32). */
    static final int FIXED32 = 5;

    /** The bytes do not form a valid message; the message says where. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private final byte[] bytes;
    private int pos;
    private final int end;
    private int wireType = -1;

    /** A reader of {@code bytes[from, to)}. */
    ProtoReader(byte[] bytes, int from, int to) {
        if (from < 0 || to > bytes.length || from > to) {
            throw new IllegalArgumentException("bad range " + from + ".." + to + " of " + bytes.length + " bytes");
        }
        this.bytes = bytes;
        this.pos = from;
        this.end = to;
    }

    /** A reader of the whole array. */
    ProtoReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    /** Whether another field follows. */
    boolean hasNext() {
        return pos < end;
    }

    /** Reads the next key and returns its field number; {@link #wireType()} then tells how to read the value. */
    int nextField() throws Malformed {
        long key = readVarint();
        int field = (int) (key >>> 3);
        wireType = (int) (key & 7);
        if (field < 1 || key >>> 3 > Integer.MAX_VALUE) {
            throw new Malformed("invalid field number " + (key >>> 3));
        }
        return field;
    }

    /** The wire type of the field whose key was read last. */
    int wireType() {
        return wireType;
    }

    /** A base-128 varint of up to ten bytes, least significant group first. */
    long readVarint() throws Malformed {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new Malformed("a number runs past the end of the data");
            }
            byte b = bytes[pos++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new Malformed("a number is longer than ten bytes");
    }

    /** Four little-endian bytes. */
    int readFixed32() throws Malformed {
        need(4, "a 4-byte number");
        int v = (bytes[pos] & 0xff) | (bytes[pos + 1] & 0xff) << 8 | (bytes[pos + 2] & 0xff) << 16
                | (bytes[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    /** Eight little-endian bytes. */
    long readFixed64() throws Malformed {
        long lo = readFixed32() & 0xffffffffL;
        long hi = readFixed32() & 0xffffffffL;
        return lo | hi << 32;
    }

    /** A float field (wire type 5). */
    float readFloat() throws Malformed {
        expect(FIXED32, "a float");
        return Float.intBitsToFloat(readFixed32());
    }

    /** A varint field as a signed 64-bit integer (int64, int32, enum). */
    long readInt64() throws Malformed {
        expect(VARINT, "an integer");
        return readVarint();
    }

    /** A length-delimited field as UTF-8 text. */
    String readString() throws Malformed {
        int[] range = readLengthDelimited();
        return new String(bytes, range[0], range[1] - range[0], StandardCharsets.UTF_8);
    }

    /** A length-delimited field as a copy of its bytes. */
    byte[] readBytes() throws Malformed {
        int[] range = readLengthDelimited();
        return Arrays.copyOfRange(bytes, range[0], range[1]);
    }

    /** A length-delimited field as a reader of the nested message. */
    ProtoReader readMessage() throws Malformed {
        int[] range = readLengthDelimited();
        return new ProtoReader(bytes, range[0], range[1]);
    }

    /**
     * Appends the values of a repeated varint field to {@code out}: one value (unpacked encoding) or every value of
     * a packed run.
     */
    void readInt64s(LongList out) throws Malformed {
        if (wireType == LENGTH_DELIMITED) {
            ProtoReader packed = readMessage();
            while (packed.hasNext()) {
                out.add(packed.readVarint());
            }
        } else {
            out.add(readInt64());
        }
    }

    /** Appends the values of a repeated float field to {@code out}, packed or not. */
    void readFloats(FloatList out) throws Malformed {
        if (wireType == LENGTH_DELIMITED) {
            int[] range = readLengthDelimited();
            if ((range[1] - range[0]) % 4 != 0) {
                throw new Malformed("a packed float list has " + (range[1] - range[0]) + " bytes, not a multiple of 4");
            }
            ProtoReader packed = new ProtoReader(bytes, range[0], range[1]);
            while (packed.hasNext()) {
                out.add(Float.intBitsToFloat(packed.readFixed32()));
            }
        } else {
            out.add(readFloat());
        }
    }

    /** Appends the values of a repeated double field to {@code out} as floats, packed or not. */
    void readDoubles(FloatList out) throws Malformed {
        if (wireType == LENGTH_DELIMITED) {
            ProtoReader packed = readMessage();
            while (packed.hasNext()) {
                out.add((float) Double.longBitsToDouble(packed.readFixed64()));
            }
        } else {
            expect(FIXED64, "a double");
            out.add((float) Double.longBitsToDouble(readFixed64()));
        }
    }

    /** Skips the value of the current field, whatever its wire type. */
    void skip() throws Malformed {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> {
                need(8, "a skipped field");
                pos += 8;
            }
            case LENGTH_DELIMITED -> readLengthDelimited();
            case FIXED32 -> {
                need(4, "a skipped field");
                pos += 4;
            }
            default -> throw new Malformed("unknown wire type " + wireType);
        }
    }

    private int[] readLengthDelimited() throws Malformed {
        expect(LENGTH_DELIMITED, "a length-prefixed value");
        long n = readVarint();
        need(n, "a value of " + n + " bytes");
        int from = pos;
        pos += (int) n;
        return new int[] {from, pos};
    }

    private void expect(int type, String what) throws Malformed {
        if (wireType != type) {
            throw new Malformed("expected " + what + " but found wire type " + wireType);
        }
    }

    private void need(long n, String what) throws Malformed {
        if (n < 0 || n > end - pos) {
            throw new Malformed(what + " runs past the end of the data");
        }
    }

    /** A growable list of longs. */
    static final class LongList {
        private long[] values = new long[8];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** A growable list of floats. */
    static final class FloatList {
        private float[] values = new float[8];
        private int size;

        void add(float v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
