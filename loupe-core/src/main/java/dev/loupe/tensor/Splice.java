package dev.loupe.tensor;

/**
 * One row of a region gathered from two sources: {@code dst[d + j] = from ≤ j < to ? patch[p + j] : base[b + j]} for
 * {@code j < n}. This is how incremental occlusion assembles the input a recomputed layer reads, an unoccluded
 * activation with a recomputed patch over part of it, row by row. Rows are short (a few to a few dozen values), so
 * the Vector API version moves a row of up to one vector with two loads, a blend and one store, instead of two
 * array copies; plain Java is used when the module is absent or disabled with {@code -Dloupe.vector=false}.
 */
public class Splice {
    /** The implementation chosen at class initialisation. */
    public static final Splice INSTANCE =
            VectorApi.choose("dev.loupe.tensor.VectorSplice", Splice.class, Splice::new);

    /** The plain-Java version; the Vector API one is {@code VectorSplice}. */
    Splice() {
    }

    /**
     * Writes the row. With {@code spill}, the caller allows the values {@code dst[d + n .. d + width())} after the row
     * to be overwritten with arbitrary values (it writes them itself later, on this thread).
     *
     * @param from first column taken from {@code patch}; {@code from ≥ to} takes none
     * @param to   one past the last column taken from {@code patch}
     */
    public void row(float[] base, int b, float[] patch, int p, int from, int to, float[] dst, int d, int n,
                    boolean spill) {
        System.arraycopy(base, b, dst, d, n);
        if (from < to) {
            System.arraycopy(patch, p + from, dst, d + from, to - from);
        }
    }

    /** The longest row written as one step with {@code spill}; 1 for plain Java. */
    public int width() {
        return 1;
    }
}
