package dev.loupe.io.onnx;

import dev.loupe.io.onnx.ProtoReader.FloatList;
import dev.loupe.io.onnx.ProtoReader.LongList;
import dev.loupe.io.onnx.ProtoReader.Malformed;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the subset of {@code onnx.proto} (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto) that describes
 * a CNN's graph: {@code ModelProto}, {@code GraphProto}, {@code NodeProto}, {@code AttributeProto},
 * {@code TensorProto} and the tensor shapes of {@code ValueInfoProto}. Fields outside this subset (documentation,
 * metadata, training info, functions, subgraphs) are skipped.
 *
 * <p>Field numbers are those of {@code onnx.proto} version 3; both packed and unpacked repeated numbers are read.
 */
public final class OnnxDecoder {
    private static final int DATA_LOCATION_EXTERNAL = 1;

    private OnnxDecoder() {
    }

    /** The file is well-formed but holds data Loupe does not read (an element type, external data). */
    public static final class UnsupportedContent extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnsupportedContent(String message) {
            super(message);
        }
    }

    /**
     * Decodes a whole {@code .onnx} file.
     *
     * @throws IllegalArgumentException naming the problem when the bytes are not a valid model
     * @throws UnsupportedContent         when a tensor has an element type other than float, double, int32 or
     *                                    int64, or keeps its data in an external file
     */
    public static OnnxModel model(byte[] bytes) {
        try {
            return readModel(new ProtoReader(bytes));
        } catch (Malformed e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Decodes one serialized {@code TensorProto}, such as a backend test's {@code input_0.pb}.
     *
     * @throws IllegalArgumentException naming the problem when the bytes are not a valid tensor
     */
    public static OnnxTensor tensor(byte[] bytes) {
        try {
            return readTensor(new ProtoReader(bytes));
        } catch (Malformed e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static OnnxModel readModel(ProtoReader r) throws Malformed {
        long ir = 0;
        String producerName = "", producerVersion = "";
        long opset = 0;
        OnnxGraph graph = null;
        while (r.hasNext()) {
            switch (r.nextField()) {
                case 1 -> ir = r.readInt64();
                case 2 -> producerName = r.readString();
                case 3 -> producerVersion = r.readString();
                case 7 -> graph = readGraph(r.readMessage());
                case 8 -> opset = Math.max(opset, readDefaultOpset(r.readMessage()));
                default -> r.skip();
            }
        }
        if (graph == null) {
            throw new Malformed("the model has no graph");
        }
        return new OnnxModel(ir, (producerName + " " + producerVersion).trim(), opset, graph);
    }

    /** {@code OperatorSetIdProto}: the version if the domain is the default one, else 0. */
    private static long readDefaultOpset(ProtoReader r) throws Malformed {
        String domain = "";
        long version = 0;
        while (r.hasNext()) {
            switch (r.nextField()) {
                case 1 -> domain = r.readString();
                case 2 -> version = r.readInt64();
                default -> r.skip();
            }
        }
        return domain.isEmpty() || domain.equals("ai.onnx") ? version : 0;
    }

    private static OnnxGraph readGraph(ProtoReader r) throws Malformed {
        List<OnnxNode> nodes = new ArrayList<>();
        String name = "";
        Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
        List<OnnxValueInfo> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        while (r.hasNext()) {
            switch (r.nextField()) {
                case 1 -> nodes.add(readNode(r.readMessage()));
                case 2 -> name = r.readString();
                case 5 -> {
                    OnnxTensor t = readTensor(r.readMessage());
                    initializers.put(t.name(), t);
                }
                case 11 -> inputs.add(readValueInfo(r.readMessage()));
                case 12 -> outputs.add(readValueInfo(r.readMessage()));
                default -> r.skip();
            }
        }
        return new OnnxGraph(name, nodes, initializers, inputs, outputs);
    }

    private static OnnxNode readNode(ProtoReader r) throws Malformed {
        List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        String name = "", opType = "", domain = "";
        Map<String, OnnxAttribute> attributes = new HashMap<>();
        while (r.hasNext()) {
            switch (r.nextField()) {
                case 1 -> inputs.add(r.readString());
                case 2 -> outputs.add(r.readString());
                case 3 -> name = r.readString();
                case 4 -> opType = r.readString();
                case 5 -> {
                    OnnxAttribute a = readAttribute(r.readMessage());
                    attributes.put(a.name(), a);
                }
                case 7 -> domain = r.readString();
                default -> r.skip();
            }
        }
        if (opType.isEmpty()) {
            throw new Malformed("a node has no operator type");
        }
        return new OnnxNode(opType, name, domain, inputs, outputs, attributes);
    }

    private static OnnxAttribute readAttribute(ProtoReader r) throws Malformed {
        String name = "", s = "";
        int type = 0;
        float f = 0;
        long i = 0;
        OnnxTensor t = null;
        FloatList floats = new FloatList();
        LongList ints = new LongList();
        while (r.hasNext()) {
            switch (r.nextField()) {
                case 1 -> name = r.readString();
                case 2 -> f = r.readFloat();
                case 3 -> i = r.readInt64();
                case 4 -> s = r.readString();
                case 5 -> t = readTensor(r.readMessage());
                case 7 -> r.readFloats(floats);
                case 8 -> r.readInt64s(ints);
                case 20 -> type = (int) r.readInt64();
                default -> r.skip();
            }
        }
        return new OnnxAttribute(name, type, f, i, s, t, floats.toArray(), ints.toArray());
    }

    private static OnnxTensor readTensor(ProtoReader r) throws Malformed {
        LongList dims = new LongList(), int64s = new LongList(), int32s = new LongList();
        FloatList floats = new FloatList(), doubles = new FloatList();
        int dataType = 0;
        long location = 0;
        String name = "";
        byte[] raw = null;
        while (r.hasNext()) {
            switch (r.nextField()) {
                case 1 -> r.readInt64s(dims);
                case 2 -> dataType = (int) r.readInt64();
                case 4 -> r.readFloats(floats);
                case 5 -> r.readInt64s(int32s);
                case 7 -> r.readInt64s(int64s);
                case 8 -> name = r.readString();
                case 9 -> raw = r.readBytes();
                case 10 -> r.readDoubles(doubles);
                case 14 -> location = r.readInt64();
                default -> r.skip();
            }
        }
        String what = "tensor '" + name + "'";
        if (location == DATA_LOCATION_EXTERNAL) {
            throw new UnsupportedContent(what + " keeps its data in an external file, which Loupe does not read");
        }
        long[] shape = dims.toArray();
        long size = 1;
        for (long d : shape) {
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new Malformed(what + " has an invalid dimension " + d);
            }
            size *= d;
            if (size > Integer.MAX_VALUE) {
                throw new Malformed(what + " has more than 2^31 elements");
            }
        }
        float[] f = null;
        long[] l = null;
        switch (dataType) {
            case OnnxTensor.FLOAT -> f = raw != null ? rawFloats(raw, size, what) : floats.toArray();
            case OnnxTensor.DOUBLE -> f = raw != null ? rawDoubles(raw, size, what) : doubles.toArray();
            case OnnxTensor.INT64 -> l = raw != null ? rawLongs(raw, size, 8, what) : int64s.toArray();
            case OnnxTensor.INT32 -> l = raw != null ? rawLongs(raw, size, 4, what) : int32s.toArray();
            default -> throw new UnsupportedContent(what + " has data type " + dataType
                    + "; Loupe reads FLOAT (1), DOUBLE (11), INT32 (6) and INT64 (7)");
        }
        int n = f != null ? f.length : l.length;
        if (n != size) {
            throw new Malformed(what + " has " + n + " values for " + size + " elements");
        }
        return new OnnxTensor(name, shape, dataType, f, l);
    }

    private static ByteBuffer raw(byte[] raw, long size, int width, String what) throws Malformed {
        if (raw.length != size * width) {
            throw new Malformed(what + " has " + raw.length + " bytes of data for " + size + " elements");
        }
        return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static float[] rawFloats(byte[] raw, long size, String what) throws Malformed {
        float[] out = new float[(int) size];
        raw(raw, size, 4, what).asFloatBuffer().get(out);
        return out;
    }

    private static float[] rawDoubles(byte[] raw, long size, String what) throws Malformed {
        ByteBuffer b = raw(raw, size, 8, what);
        float[] out = new float[(int) size];
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) b.getDouble();
        }
        return out;
    }

    private static long[] rawLongs(byte[] raw, long size, int width, String what) throws Malformed {
        ByteBuffer b = raw(raw, size, width, what);
        long[] out = new long[(int) size];
        for (int k = 0; k < out.length; k++) {
            out[k] = width == 8 ? b.getLong() : b.getInt();
        }
        return out;
    }

    /** {@code ValueInfoProto} → {@code TypeProto.tensor_type} → {@code TensorShapeProto}. */
    private static OnnxValueInfo readValueInfo(ProtoReader r) throws Malformed {
        String name = "";
        int elemType = 0;
        long[] dims = null;
        while (r.hasNext()) {
            int field = r.nextField();
            if (field == 1) {
                name = r.readString();
            } else if (field == 2) {
                ProtoReader type = r.readMessage();
                while (type.hasNext()) {
                    if (type.nextField() == 1) {
                        ProtoReader tensorType = type.readMessage();
                        while (tensorType.hasNext()) {
                            int f = tensorType.nextField();
                            if (f == 1) {
                                elemType = (int) tensorType.readInt64();
                            } else if (f == 2) {
                                dims = readShape(tensorType.readMessage());
                            } else {
                                tensorType.skip();
                            }
                        }
                    } else {
                        type.skip();
                    }
                }
            } else {
                r.skip();
            }
        }
        return new OnnxValueInfo(name, elemType, dims);
    }

    /** {@code TensorShapeProto}: each dimension's value, or -1 when it is symbolic or absent. */
    private static long[] readShape(ProtoReader r) throws Malformed {
        LongList dims = new LongList();
        while (r.hasNext()) {
            if (r.nextField() == 1) {
                ProtoReader dim = r.readMessage();
                long value = -1;
                while (dim.hasNext()) {
                    if (dim.nextField() == 1) {
                        value = dim.readInt64();
                    } else {
                        dim.skip();
                    }
                }
                dims.add(value);
            } else {
                r.skip();
            }
        }
        return dims.toArray();
    }
}
