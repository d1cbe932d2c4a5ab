package dev.loupe.io.onnx;

import dev.loupe.tensor.Tensor;
import java.util.Arrays;

/**
 * A constant tensor from an ONNX file ({@code TensorProto}): an initializer, a {@code Constant} node's value or a
 * backend-test input. Floating-point data is held as float32, integer data as int64.
 *
 * @param name     the tensor's name (may be empty)
 * @param dims     the shape, outermost first (empty for a scalar)
 * @param dataType ONNX's element type: {@link #FLOAT}, {@link #DOUBLE}, {@link #INT32} or {@link #INT64}
 * @param floats   the values in C order for floating-point types, else null
 * @param longs    the values in C order for integer types, else null
 */
public record OnnxTensor(String name, long[] dims, int dataType, float[] floats, long[] longs) {
    /** {@code TensorProto.FLOAT}. */
    public static final int FLOAT = 1;
    /** {@code TensorProto.INT32}. */
    public static final int INT32 = 6;
    /** {@code TensorProto.INT64}. */
    public static final int INT64 = 7;
    /** {@code TensorProto.DOUBLE}. */
    public static final int DOUBLE = 11;

    public OnnxTensor {
        dims = dims.clone();
        long size = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor " + name + " has a negative dimension " + d);
            }
            size *= d;
        }
        if ((floats == null) == (longs == null)) {
            throw new IllegalArgumentException("tensor " + name + " must hold either floats or integers");
        }
        int n = floats != null ? floats.length : longs.length;
        if (n != size) {
            throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(dims) + " needs "
                    + size + " values but holds " + n);
        }
    }

    /** Whether the values are floating-point. */
    public boolean isFloat() {
        return floats != null;
    }

    /** Number of elements. */
    public int size() {
        return floats != null ? floats.length : longs.length;
    }

    /** The shape as ints. */
    public int[] shape() {
        return Arrays.stream(dims).mapToInt(Math::toIntExact).toArray();
    }

    /**
     * The values as a Loupe tensor of this shape (a scalar becomes shape {@code [1]}).
     *
     * @throws IllegalArgumentException when the values are integers
     */
    public Tensor toTensor() {
        if (floats == null) {
            throw new IllegalArgumentException("tensor " + name + " holds integers, not floats");
        }
        return dims.length == 0 ? Tensor.of(floats, 1) : Tensor.of(floats, shape());
    }
}
