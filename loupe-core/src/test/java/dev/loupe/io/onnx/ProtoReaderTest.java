package dev.loupe.io.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.io.onnx.ProtoReader.FloatList;
import dev.loupe.io.onnx.ProtoReader.LongList;
import dev.loupe.io.onnx.ProtoReader.Malformed;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProtoReaderTest {
    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void readsTheSpecificationsExampleField() throws Malformed {
        // protobuf.dev's encoding guide: field 1 = 150 is encoded as 08 96 01.
        ProtoReader r = new ProtoReader(bytes(0x08, 0x96, 0x01));
        assertThat(r.nextField()).isEqualTo(1);
        assertThat(r.wireType()).isEqualTo(ProtoReader.VARINT);
        assertThat(r.readInt64()).isEqualTo(150);
        assertThat(r.hasNext()).isFalse();
    }

    @Test
    void negativeInt64TakesTenBytes() throws Malformed {
        byte[] minusOne = bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
        assertThat(new ProtoReader(minusOne).readVarint()).isEqualTo(-1L);
        assertThat(new ProtoReader(new ProtoWriter().varint(1, Long.MIN_VALUE).toBytes(), 1, 11).readVarint())
                .isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void fixedWidthValuesAreLittleEndian() throws Malformed {
        ProtoReader r = new ProtoReader(bytes(0x00, 0x00, 0xc0, 0x3f, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08));
        assertThat(Float.intBitsToFloat(r.readFixed32())).isEqualTo(1.5f);
        assertThat(r.readFixed64()).isEqualTo(0x0807060504030201L);
    }

    @Test
    void skipsEveryWireTypeAndNestsMessages() throws Malformed {
        byte[] msg = new ProtoWriter().varint(9, 300).fixed64(10, 42).float32(11, 2f).string(12, "skip me")
                .message(3, new ProtoWriter().string(1, "inner")).varint(4, 7).toBytes();
        ProtoReader r = new ProtoReader(msg);
        for (int k = 0; k < 4; k++) {
            r.nextField();
            r.skip();
        }
        assertThat(r.nextField()).isEqualTo(3);
        ProtoReader inner = r.readMessage();
        assertThat(inner.nextField()).isEqualTo(1);
        assertThat(inner.readString()).isEqualTo("inner");
        assertThat(r.nextField()).isEqualTo(4);
        assertThat(r.readInt64()).isEqualTo(7);
    }

    @Test
    void repeatedNumbersMayBePackedOrNot() throws Malformed {
        byte[] msg = new ProtoWriter().varint(1, 5).packedVarints(1, 6, -7, 1L << 40).varint(1, 8)
                .float32(2, 0.5f).packedFloats(2, 1f, -2f).toBytes();
        ProtoReader r = new ProtoReader(msg);
        LongList ints = new LongList();
        FloatList floats = new FloatList();
        while (r.hasNext()) {
            if (r.nextField() == 1) {
                r.readInt64s(ints);
            } else {
                r.readFloats(floats);
            }
        }
        assertThat(ints.toArray()).containsExactly(5, 6, -7, 1L << 40, 8);
        assertThat(floats.toArray()).containsExactly(0.5f, 1f, -2f);
    }

    @Test
    void truncatedDataFailsInsteadOfReadingPastTheEnd() {
        byte[] msg = new ProtoWriter().string(1, "hello").toBytes();
        byte[] cut = Arrays.copyOf(msg, msg.length - 2);
        assertThatThrownBy(() -> {
            ProtoReader r = new ProtoReader(cut);
            r.nextField();
            r.readString();
        }).isInstanceOf(Malformed.class).hasMessageContaining("runs past the end");
        assertThatThrownBy(() -> new ProtoReader(bytes(0x96)).readVarint()).isInstanceOf(Malformed.class);
        assertThatThrownBy(() -> new ProtoReader(bytes(0x01, 0x02)).readFixed32()).isInstanceOf(Malformed.class);
    }

    @Test
    void rejectsWrongWireTypesAndGroups() {
        assertThatThrownBy(() -> {
            ProtoReader r = new ProtoReader(new ProtoWriter().varint(1, 3).toBytes());
            r.nextField();
            r.readString();
        }).isInstanceOf(Malformed.class).hasMessageContaining("wire type 0");
        assertThatThrownBy(() -> {
            ProtoReader r = new ProtoReader(bytes(0x0b)); // field 1, wire type 3 (deprecated group start)
            r.nextField();
            r.skip();
        }).isInstanceOf(Malformed.class).hasMessageContaining("wire type 3");
        assertThatThrownBy(() -> new ProtoReader(bytes(0x00)).nextField()).isInstanceOf(Malformed.class)
                .hasMessageContaining("field number 0");
    }

    @Test
    void aHugeLengthIsRejectedBeforeAllocating() {
        byte[] msg = bytes(0x0a, 0xff, 0xff, 0xff, 0xff, 0x07, 0x00);
        assertThatThrownBy(() -> {
            ProtoReader r = new ProtoReader(msg);
            r.nextField();
            r.readBytes();
        }).isInstanceOf(Malformed.class).hasMessageContaining("runs past the end");
    }
}
