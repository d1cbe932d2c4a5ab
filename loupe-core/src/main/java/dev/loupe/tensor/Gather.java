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
    }
}
