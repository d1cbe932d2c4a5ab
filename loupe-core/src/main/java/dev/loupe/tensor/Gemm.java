package dev.loupe.tensor;

/**
 * Single-precision matrix multiply on row-major arrays: {@code C = op(A) · op(B) (+ C)}.
 *
 * <p>{@code op(A)} is {@code m × k}, {@code op(B)} is {@code k × n} and {@code C} is {@code m × n}. With
 * {@code transA}, A is stored {@code k × m}; with {@code transB}, B is stored {@code n × k}. Leading dimensions are
 * the row strides of the arrays as stored. With {@code accumulate} the product is added to C, otherwise C is
 * overwritten.
 */
public final class Gemm {
    private Gemm() {
    }

    /** Computes {@code C (+)= op(A) op(B)} with the default parallelism. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             boolean accumulate, float[] c, int cOff, int ldc) {
        sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc, Parallel.defaults());
    }

    /** Computes {@code C (+)= op(A) op(B)} over the threads of {@code parallel}. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             boolean accumulate, float[] c, int cOff, int ldc, Parallel parallel) {
        parallel.forChunks(m, (from, to, chunk) -> {
            for (int i = from; i < to; i++) {
                int ci = cOff + i * ldc;
                if (!accumulate) {
                    java.util.Arrays.fill(c, ci, ci + n, 0f);
                }
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    if (av == 0f) {
                        continue;
                    }
                    if (transB) {
                        for (int j = 0; j < n; j++) {
                            c[ci + j] += av * b[bOff + j * ldb + p];
                        }
                    } else {
                        int bp = bOff + p * ldb;
                        for (int j = 0; j < n; j++) {
                            c[ci + j] += av * b[bp + j];
                        }
                    }
                }
            }
        });
    }
}
