package dev.loupe.io.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A minimal protobuf encoder for tests: builds one message field by field, as the wire-format spec describes. */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtoWriter varint(int field, long value) {
        key(field, ProtoReader.VARINT);
        rawVarint(value);
        return this;
    }

    ProtoWriter float32(int field, float value) {
        key(field, ProtoReader.FIXED32);
        rawFixed32(Float.floatToIntBits(value));
        return this;
    }

    ProtoWriter fixed64(int field, long value) {
        key(field, ProtoReader.FIXED64);
        rawFixed32((int) value);
        rawFixed32((int) (value >>> 32));
        return this;
    }

    ProtoWriter bytes(int field, byte[] value) {
        key(field, ProtoReader.LENGTH_DELIMITED);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toBytes());
    }

    /** A packed repeated varint field. */
    ProtoWriter packedVarints(int field, long... values) {
        ProtoWriter packed = new ProtoWriter();
        for (long v : values) {
            packed.rawVarint(v);
        }
        return bytes(field, packed.toBytes());
    }

    /** A packed repeated float field. */
    ProtoWriter packedFloats(int field, float... values) {
        ProtoWriter packed = new ProtoWriter();
        for (float v : values) {
            packed.rawFixed32(Float.floatToIntBits(v));
        }
        return bytes(field, packed.toBytes());
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    private void key(int field, int wireType) {
        rawVarint((long) field << 3 | wireType);
    }

    private void rawVarint(long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    private void rawFixed32(int v) {
        for (int k = 0; k < 4; k++) {
            out.write(v >>> (8 * k) & 0xff);
        }
    }
}
