package dev.loupe.tensor;

/**
 * A {@link GemmKernel} that accumulates each output in double precision and rounds it to float once, used by
 * {@link Gemm} in {@link Gemm.Accumulation#DOUBLE} mode. It is several times slower than the float kernels; its
 * purpose is reproducing a peer's result where float rounding decides a near-tie (for example which element of a
 * max-pool window wins when two candidates differ by less than the float error of a convolution).
 */
final class ExactGemmKernel extends GemmKernel {
    private static final int MR = 4;
    private static final int NR = 4;

    ExactGemmKernel() {
        super(MR, NR);
    }

    @Override
    void tile(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc, int rows, int cols,
              boolean add) {
        double[] t = new double[MR * NR];
        for (int p = 0; p < kc; p++, ai += MR, bi += NR) {
            for (int r = 0; r < MR; r++) {
                double av = a[ai + r];
                for (int j = 0; j < NR; j++) {
                    t[r * NR + j] += av * b[bi + j];
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            int row = ci + r * ldc;
            for (int j = 0; j < cols; j++) {
                c[row + j] = (float) (add ? c[row + j] + t[r * NR + j] : t[r * NR + j]);
            }
        }
    }

    @Override
    String name() {
        return "exact (double accumulation) 4x4";
    }
}
