package dev.loupe.io.onnx;

import java.util.List;

/**
 * Writes small ONNX models for tests, with the field numbers of {@code onnx.proto}: a graph of nodes, float and
 * int64 initializers, one input with a dynamic batch axis and one output.
 */
final class OnnxBuilder {
    private final ProtoWriter graph = new ProtoWriter().string(2, "test_graph");
    private final long opset;

    OnnxBuilder(long opset) {
        this.opset = opset;
    }

    /** The graph input, with a symbolic batch axis {@code N} followed by {@code imageShape}. */
    OnnxBuilder input(String name, long... imageShape) {
        ProtoWriter shape = new ProtoWriter().message(1, new ProtoWriter().string(2, "N"));
        for (long d : imageShape) {
            shape.message(1, new ProtoWriter().varint(1, d));
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, OnnxTensor.FLOAT).message(2, shape);
        graph.message(11, new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType)));
        return this;
    }

    OnnxBuilder output(String name) {
        graph.message(12, new ProtoWriter().string(1, name));
        return this;
    }

    /** A float initializer stored as raw little-endian bytes. */
    OnnxBuilder floats(String name, float[] values, long... dims) {
        graph.message(5, floatTensor(name, values, dims));
        return this;
    }

    /** An int64 initializer stored in {@code int64_data}. */
    OnnxBuilder longs(String name, long[] values, long... dims) {
        graph.message(5, new ProtoWriter().packedVarints(1, dims).varint(2, OnnxTensor.INT64).packedVarints(7, values)
                .string(8, name));
        return this;
    }

    /** A node; attributes come from {@link #ints}, {@link #integer}, {@link #real} and {@link #text}. */
    OnnxBuilder node(String opType, String name, List<String> inputs, List<String> outputs, ProtoWriter... attributes) {
        ProtoWriter node = new ProtoWriter();
        inputs.forEach(i -> node.string(1, i));
        outputs.forEach(o -> node.string(2, o));
        node.string(3, name).string(4, opType);
        for (ProtoWriter a : attributes) {
            node.message(5, a);
        }
        graph.message(1, node);
        return this;
    }

    static ProtoWriter floatTensor(String name, float[] values, long... dims) {
        byte[] raw = new byte[values.length * 4];
        java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
        return new ProtoWriter().packedVarints(1, dims).varint(2, OnnxTensor.FLOAT).string(8, name).bytes(9, raw);
    }

    static ProtoWriter ints(String name, long... values) {
        return new ProtoWriter().string(1, name).packedVarints(8, values).varint(20, OnnxAttribute.INTS);
    }

    static ProtoWriter integer(String name, long value) {
        return new ProtoWriter().string(1, name).varint(3, value).varint(20, OnnxAttribute.INT);
    }

    static ProtoWriter real(String name, float value) {
        return new ProtoWriter().string(1, name).float32(2, value).varint(20, OnnxAttribute.FLOAT);
    }

    static ProtoWriter text(String name, String value) {
        return new ProtoWriter().string(1, name).string(4, value).varint(20, OnnxAttribute.STRING);
    }

    /** The serialized {@code ModelProto}. */
    byte[] toBytes() {
        return new ProtoWriter().varint(1, 8).string(2, "loupe-test")
                .message(8, new ProtoWriter().string(1, "").varint(2, opset))
                .message(7, graph).toBytes();
    }
}
