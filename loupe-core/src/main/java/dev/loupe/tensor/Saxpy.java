package dev.loupe.tensor;

/**
 * {@code y[yo .. yo+n) += a · x[xo .. xo+n)} and sums of such terms: the inner loops of occlusion's incremental
 * scatters, of folding columns back into images ({@link Im2col}) and of the sparse backward passes
 * ({@link SparseGradient}). The Vector API version
 * ({@code jdk.incubator.vector}, fused multiply-add over the widest float vector) is used when that module is in the
 * boot layer and the system property {@code loupe.vector} is not {@code false}; otherwise plain Java, which the JIT of
 * Java 17 does not vectorize for this pattern (about 6× slower on AVX-512).
 */
public abstract class Saxpy {
    /** The implementation chosen at class initialisation. */
    public static final Saxpy INSTANCE =
            VectorApi.choose("dev.loupe.tensor.VectorSaxpy", Saxpy.class, Scalar::new);

    /** Adds {@code a · x[xo + j]} to {@code y[yo + j]} for {@code j < n}; with {@code a = 1}, exactly {@code y += x}. */
    public abstract void apply(float[] y, int yo, float[] x, int xo, int n, float a);

    /**
     * {@link #apply} for {@code count} terms in turn: adds {@code a[i] · x[offsets[i] + j]} to {@code y[yo + j]} for
     * {@code j < n} and {@code i = 0, 1, …, count−1}, in that order, so the same bits as {@code count} calls. The
     * run of y is read and written once instead of once per term (a dense layer's change from a few inputs: seednet's
     * 6×6 occlusion ran 2% faster).
     */
    public abstract void applyAll(float[] y, int yo, float[] x, int[] offsets, float[] a, int count, int n);

    /**
     * For each run {@code r} in {@code [firstRun, runs)}, adds the combination {@code Σ_i a[i] · x[xo + xAt[r] +
     * offsets[i] + j]} over {@code i} in {@code [from, to)} to {@code y[yo + yAt[r] + j]}, for {@code j < width()}.
     * Each run's sum starts from zero and takes the terms in order, in one chain or in two (even and odd terms, as
     * the implementation blocks the runs; fixed for given sizes), and is then added to y, so y is read and written
     * once per run. The runs are a convolution kernel's taps and the terms the nonzeros of a sparse output gradient
     * ({@link SparseGradient}).
     */
    public abstract void addCombinations(float[] y, int yo, int[] yAt, float[] x, int xo, int[] xAt, int firstRun,
                                         int runs, int[] offsets, float[] a, int from, int to);

    /** Floats done at once: the vector length, or 1 for plain Java. Runs shorter than this gain nothing. */
    public abstract int width();


    /** Plain loops. */
    static final class Scalar extends Saxpy {
        @Override
        public void apply(float[] y, int yo, float[] x, int xo, int n, float a) {
            for (int j = 0; j < n; j++) {
                y[yo + j] += a * x[xo + j];
            }
        }

        @Override
        public void applyAll(float[] y, int yo, float[] x, int[] offsets, float[] a, int count, int n) {
            for (int i = 0; i < count; i++) {
                apply(y, yo, x, offsets[i], n, a[i]);
            }
        }

        @Override
        public void addCombinations(float[] y, int yo, int[] yAt, float[] x, int xo, int[] xAt, int firstRun,
                                    int runs, int[] offsets, float[] a, int from, int to) {
            for (int r = firstRun; r < runs; r++) {
                int base = xo + xAt[r];
                float sum = 0;
                for (int i = from; i < to; i++) {
                    sum += a[i] * x[base + offsets[i]];
                }
                y[yo + yAt[r]] += sum;
            }
        }

        @Override
        public int width() {
            return 1;
        }
    }
}
