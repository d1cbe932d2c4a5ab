package dev.loupe.bench;

import dev.loupe.tensor.Gemm;
import dev.loupe.tensor.Parallel;
import java.util.Random;

/** GEMM throughput in GFLOPS (2·m·n·k floating-point operations per product). */
public final class GemmBench {
    private GemmBench() {
    }

    /** GFLOPS of {@code C = A·B} with A {@code m×k} and B {@code k×n}, best of three slices of {@code seconds}. */
    public static double gflops(int m, int n, int k, Parallel parallel, double seconds) {
        Random r = new Random(1);
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextFloat() - 0.5f;
        }
        double flops = 2.0 * m * n * k;
        Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n, parallel);
        double best = 0;
        for (int s = 0; s < 3; s++) {
            long start = System.nanoTime();
            long end = start + (long) (seconds / 3 * 1e9);
            long runs = 0;
            long now;
            do {
                Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n, parallel);
                runs++;
                now = System.nanoTime();
            } while (now < end);
            best = Math.max(best, runs * flops / ((now - start) / 1e9) / 1e9);
        }
        return best;
    }
}
