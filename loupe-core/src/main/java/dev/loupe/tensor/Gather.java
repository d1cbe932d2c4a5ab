package dev.loupe.tensor;

/**
 * {@code dst[d + i] = src[off + index[from + i]]} for {@code i < n}: the inner step of unfolding image patches into
 * the GEMM's packed strips ({@link Im2col}), where one strip row gathers a kernel tap's values for {@code nr}
 * output pixels. The Vector API version uses hardware gathers, {@code L} lanes at a time, and needs {@code n} to be
 * a multiple of its width (a GEMM strip is); plain Java is used when the module is absent or disabled with
 * {@code -Dloupe.vector=false}.
 */
abstract class Gather {
    /** The implementation chosen at class initialisation. */
    static final Gather INSTANCE =
            VectorApi.choose("dev.loupe.tensor.VectorGather", Gather.class, Scalar::new);

    /** Lanes the implementation moves at once: {@code n} must be a multiple of it. */
    abstract int width();

    abstract void apply(float[] src, int off, int[] index, int from, float[] dst, int d, int n);

    /**
     * The gathers of {@link #apply} for one vector ({@link #width()} lanes) of strip rows {@code [r0, r1)}, where
     * the lanes' pixels form at most two runs of consecutive input columns (an output row's end and the next one's
     * start): row r is {@code src[(i < split ? first : second) + i + tap[r]]} for lane i, stored at
     * {@code dst[d + (r − r0)·step + i]}. Two plain loads and a blend instead of a gather. The caller keeps every
     * load, {@code width()} values from {@code first + tap[r]} and from {@code second + tap[r]}, inside {@code src}.
     */
    abstract void runs(float[] src, int[] tap, int r0, int r1, int first, int second, int split, float[] dst, int d,
                       int step);


    /** Plain loops. */
    static final class Scalar extends Gather {
        @Override
        int width() {
            return 1;
        }

        @Override
        void apply(float[] src, int off, int[] index, int from, float[] dst, int d, int n) {
            for (int i = 0; i < n; i++) {
                dst[d + i] = src[off + index[from + i]];
            }
        }

        @Override
        void runs(float[] src, int[] tap, int r0, int r1, int first, int second, int split, float[] dst, int d,
                  int step) {
            for (int r = r0; r < r1; r++, d += step) {
                dst[d] = src[(split > 0 ? first : second) + tap[r]];
            }
        }
    }
}
