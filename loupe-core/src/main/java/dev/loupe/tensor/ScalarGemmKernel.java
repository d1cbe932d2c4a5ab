package dev.loupe.tensor;

/**
 * Plain-Java {@link GemmKernel} with a 4 × 4 tile of scalar accumulators, used when {@code jdk.incubator.vector}
 * is absent or disabled with {@code -Dloupe.vector=false}.
 */
final class ScalarGemmKernel extends GemmKernel {
    private static final int MR = 4;
    private static final int NR = 4;

    ScalarGemmKernel() {
        super(MR, NR);
    }

    @Override
    void tile(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc,
              int rows, int cols, boolean add) {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < kc; p++, ai += MR, bi += NR) {
            float b0 = b[bi], b1 = b[bi + 1], b2 = b[bi + 2], b3 = b[bi + 3];
            float a0 = a[ai];
            c00 += a0 * b0;
            c01 += a0 * b1;
            c02 += a0 * b2;
            c03 += a0 * b3;
            float a1 = a[ai + 1];
            c10 += a1 * b0;
            c11 += a1 * b1;
            c12 += a1 * b2;
            c13 += a1 * b3;
            float a2 = a[ai + 2];
            c20 += a2 * b0;
            c21 += a2 * b1;
            c22 += a2 * b2;
            c23 += a2 * b3;
            float a3 = a[ai + 3];
            c30 += a3 * b0;
            c31 += a3 * b1;
            c32 += a3 * b2;
            c33 += a3 * b3;
        }
        if (rows == MR && cols == NR) {
            store(c, ci, c00, c01, c02, c03, add);
            store(c, ci + ldc, c10, c11, c12, c13, add);
            store(c, ci + 2 * ldc, c20, c21, c22, c23, add);
            store(c, ci + 3 * ldc, c30, c31, c32, c33, add);
            return;
        }
        float[] t = {c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33};
        for (int r = 0; r < rows; r++) {
            int row = ci + r * ldc;
            for (int j = 0; j < cols; j++) {
                c[row + j] = add ? c[row + j] + t[r * NR + j] : t[r * NR + j];
            }
        }
    }

    private static void store(float[] c, int at, float v0, float v1, float v2, float v3, boolean add) {
        if (add) {
            v0 += c[at];
            v1 += c[at + 1];
            v2 += c[at + 2];
            v3 += c[at + 3];
        }
        c[at] = v0;
        c[at + 1] = v1;
        c[at + 2] = v2;
        c[at + 3] = v3;
    }

    @Override
    String name() {
        return "scalar 4x4";
    }
}
