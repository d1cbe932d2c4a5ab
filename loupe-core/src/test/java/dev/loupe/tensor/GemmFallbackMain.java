package dev.loupe.tensor;

/**
 * Run in a child JVM by {@link GemmTest} without the Vector API module: multiplies two small matrices and prints
 * {@link #SUCCESS} and the kernel name when the result is exact.
 */
public final class GemmFallbackMain {
    static final String SUCCESS = "gemm-fallback-ok";

    private GemmFallbackMain() {
    }

    public static void main(String[] args) {
        int m = 5, n = 37, k = 9;
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = i % 7 - 3;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = i % 5 - 2;
        }
        Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n, Parallel.of(2));
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float expected = 0;
                for (int p = 0; p < k; p++) {
                    expected += a[i * k + p] * b[p * n + j];
                }
                if (c[i * n + j] != expected) {
                    System.out.println("wrong C[" + i + "][" + j + "]: " + c[i * n + j] + " != " + expected);
                    System.exit(1);
                }
            }
        }
        System.out.println(SUCCESS + " " + Gemm.kernelName());
    }
}
