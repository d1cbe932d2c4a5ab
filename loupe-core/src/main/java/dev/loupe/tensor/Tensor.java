package dev.loupe.tensor;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * A dense float32 tensor in C order (last index fastest). Images are NCHW: image, channel, row, column.
 *
 * <p>The API is deliberately narrow: shape queries, element access, a few whole-tensor operations and raw access to
 * the backing array for kernels. Methods that modify the receiver say so in their name ({@code addInPlace},
 * {@code scaleInPlace}, {@code fill}); everything else returns a new tensor. A tensor handed to an explainer or a
 * model is never modified by it.
 */
public final class Tensor {
    private final float[] data;
    private final int[] shape;

    private Tensor(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    /** A tensor of zeros of the given shape (its array from the thread's {@link Recycler}, if one is bound). */
    public static Tensor zeros(int... shape) {
        return new Tensor(Recycler.floats(checkedSize(shape)), shape.clone());
    }

    /**
     * A tensor for an output its maker writes in full: zeros when its array is new, and unspecified values when the
     * array comes from the thread's {@link Recycler} (which then skips zeroing it).
     */
    public static Tensor toOverwrite(int... shape) {
        return new Tensor(Recycler.floatsToOverwrite(checkedSize(shape)), shape.clone());
    }

    /** A tensor filled with {@code value}. */
    public static Tensor full(float value, int... shape) {
        Tensor t = zeros(shape);
        Arrays.fill(t.data, value);
        return t;
    }

    /**
     * Wraps {@code data} (not copied) as a tensor of the given shape.
     *
     * @throws IllegalArgumentException if the array length does not match the shape
     */
    public static Tensor wrap(float[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        int size = checkedSize(shape);
        if (size != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + size + " values, got " + data.length);
        }
        return new Tensor(data, shape.clone());
    }

    /** A copy of {@code data} as a tensor of the given shape. */
    public static Tensor of(float[] data, int... shape) {
        return wrap(data.clone(), shape);
    }

    /** Values drawn from N(0, std²) with a seeded generator. */
    public static Tensor randn(java.util.Random random, float std, int... shape) {
        Tensor t = zeros(shape);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = (float) (random.nextGaussian() * std);
        }
        return t;
    }

    /** Values drawn from U(-bound, bound) with a seeded generator. */
    public static Tensor uniform(java.util.Random random, float bound, int... shape) {
        Tensor t = zeros(shape);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return t;
    }

    private static int checkedSize(int[] shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            size *= d;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        }
        return (int) size;
    }

    /** The shape; a fresh copy. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** True when the shapes are equal. */
    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    /**
     * The backing array, for kernels. Writing to it writes to this tensor; code outside {@code tensor} and
     * {@code nn} should treat it as read-only.
     */
    public float[] data() {
        return data;
    }

    /** Element at the given index (one coordinate per dimension). */
    public float get(int... index) {
        return data[offset(index)];
    }

    /** Sets the element at the given index, in place. */
    public void set(float value, int... index) {
        data[offset(index)] = value;
    }

    private int offset(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " for shape " + Arrays.toString(shape));
        }
        int off = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException(
                        "index " + Arrays.toString(index) + " out of range for shape " + Arrays.toString(shape));
            }
            off = off * shape[i] + index[i];
        }
        return off;
    }

    /** The same values under another shape with the same number of elements; shares the data. */
    public Tensor reshape(int... newShape) {
        int infer = -1;
        long known = 1;
        for (int i = 0; i < newShape.length; i++) {
            if (newShape[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("only one -1 allowed in " + Arrays.toString(newShape));
                }
                infer = i;
            } else {
                known *= newShape[i];
            }
        }
        int[] s = newShape.clone();
        if (infer >= 0) {
            s[infer] = (int) (data.length / Math.max(1, known));
        }
        return wrap(data, s);
    }

    /** A deep copy. */
    public Tensor copy() {
        return new Tensor(data.clone(), shape.clone());
    }

    /** Images {@code [from, to)} along the first axis, copied. */
    public Tensor slice(int from, int to) {
        if (from < 0 || to > shape[0] || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + shape[0]);
        }
        int stride = data.length / Math.max(1, shape[0]);
        int[] s = shape.clone();
        s[0] = to - from;
        return new Tensor(Arrays.copyOfRange(data, from * stride, to * stride), s);
    }

    /** Image {@code i} along the first axis, copied, keeping a leading axis of size 1. */
    public Tensor item(int i) {
        return slice(i, i + 1);
    }

    /** Stacks equally shaped tensors along a new or the existing first axis (concatenation along axis 0). */
    public static Tensor concat(java.util.List<Tensor> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        int[] s = parts.get(0).shape.clone();
        int rows = 0;
        for (Tensor p : parts) {
            if (p.rank() != s.length || !Arrays.equals(Arrays.copyOfRange(p.shape, 1, p.rank()),
                    Arrays.copyOfRange(s, 1, s.length))) {
                throw new IllegalArgumentException("cannot concatenate " + Arrays.toString(p.shape)
                        + " with " + Arrays.toString(s));
            }
            rows += p.shape[0];
        }
        s[0] = rows;
        Tensor out = zeros(s);
        int off = 0;
        for (Tensor p : parts) {
            System.arraycopy(p.data, 0, out.data, off, p.data.length);
            off += p.data.length;
        }
        return out;
    }

    /** Adds {@code other} elementwise into this tensor. Returns this. */
    public Tensor addInPlace(Tensor other) {
        requireSameSize(other);
        float[] o = other.data;
        for (int i = 0; i < data.length; i++) {
            data[i] += o[i];
        }
        return this;
    }

    /** Adds {@code scale * other} into this tensor. Returns this. */
    public Tensor addScaledInPlace(Tensor other, float scale) {
        requireSameSize(other);
        float[] o = other.data;
        for (int i = 0; i < data.length; i++) {
            data[i] += scale * o[i];
        }
        return this;
    }

    /** Multiplies every element by {@code s}. Returns this. */
    public Tensor scaleInPlace(float s) {
        for (int i = 0; i < data.length; i++) {
            data[i] *= s;
        }
        return this;
    }

    /** Sets every element to {@code value}. Returns this. */
    public Tensor fill(float value) {
        Arrays.fill(data, value);
        return this;
    }

    /** A new tensor {@code this + other}. */
    public Tensor plus(Tensor other) {
        return copy().addInPlace(other);
    }

    /** A new tensor {@code this - other}. */
    public Tensor minus(Tensor other) {
        return copy().addScaledInPlace(other, -1f);
    }

    /** A new tensor {@code this * other}, elementwise. */
    public Tensor times(Tensor other) {
        requireSameSize(other);
        Tensor out = copy();
        for (int i = 0; i < data.length; i++) {
            out.data[i] *= other.data[i];
        }
        return out;
    }

    /** A new tensor {@code this * s}. */
    public Tensor times(float s) {
        return copy().scaleInPlace(s);
    }

    /** A new tensor with {@code f} applied to each element. */
    public Tensor map(DoubleUnaryOperator f) {
        Tensor out = zeros(shape);
        for (int i = 0; i < data.length; i++) {
            out.data[i] = (float) f.applyAsDouble(data[i]);
        }
        return out;
    }

    /** Sum of all elements, accumulated in double. */
    public double sum() {
        double s = 0;
        for (float v : data) {
            s += v;
        }
        return s;
    }

    /** Largest element. */
    public float max() {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : data) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Smallest element. */
    public float min() {
        float m = Float.POSITIVE_INFINITY;
        for (float v : data) {
            m = Math.min(m, v);
        }
        return m;
    }

    /** Largest absolute value. */
    public float absMax() {
        float m = 0;
        for (float v : data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Index of the largest element of row {@code row} of a 2-D tensor; the first one on ties. */
    public int argmax(int row) {
        if (rank() != 2) {
            throw new IllegalStateException("argmax(row) needs a 2-D tensor, got " + Arrays.toString(shape));
        }
        int n = shape[1];
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (data[row * n + j] > data[row * n + best]) {
                best = j;
            }
        }
        return best;
    }

    /** Sums every image of an NCHW (or N...) tensor over all axes but the first: shape [N]. */
    public double[] sumPerItem() {
        int n = shape[0];
        int stride = n == 0 ? 0 : data.length / n;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = i * stride; j < (i + 1) * stride; j++) {
                s += data[j];
            }
            out[i] = s;
        }
        return out;
    }

    private void requireSameSize(Tensor other) {
        if (other.data.length != data.length) {
            throw new IllegalArgumentException(
                    "shape mismatch: " + Arrays.toString(shape) + " vs " + Arrays.toString(other.shape));
        }
    }

    /** Shape as text, e.g. {@code [3, 1, 28, 28]}. */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Tensor").append(Arrays.toString(shape)).append('[');
        for (int i = 0; i < Math.min(8, data.length); i++) {
            b.append(i == 0 ? "" : ", ").append(data[i]);
        }
        return b.append(data.length > 8 ? ", …]" : "]").toString();
    }
}
