package dev.loupe.io.onnx;

/**
 * A node attribute ({@code AttributeProto}); only the field that {@code type} names is meaningful.
 *
 * @param name   the attribute's name, such as {@code strides}
 * @param type   ONNX's attribute type: {@link #FLOAT}, {@link #INT}, {@link #STRING}, {@link #TENSOR},
 *               {@link #FLOATS}, {@link #INTS} or another (kept, but not read by the importer)
 * @param f      the value of a FLOAT attribute
 * @param i      the value of an INT attribute
 * @param s      the value of a STRING attribute (UTF-8 decoded)
 * @param t      the value of a TENSOR attribute, or null
 * @param floats the values of a FLOATS attribute
 * @param ints   the values of an INTS attribute
 */
public record OnnxAttribute(String name, int type, float f, long i, String s, OnnxTensor t, float[] floats,
                            long[] ints) {
    /** {@code AttributeProto.FLOAT}. */
    public static final int FLOAT = 1;
    /** {@code AttributeProto.INT}. */
    public static final int INT = 2;
    /** {@code AttributeProto.STRING}. */
    public static final int STRING = 3;
    /** {@code AttributeProto.TENSOR}. */
    public static final int TENSOR = 4;
    /** {@code AttributeProto.FLOATS}. */
    public static final int FLOATS = 6;
    /** {@code AttributeProto.INTS}. */
    public static final int INTS = 7;
}
