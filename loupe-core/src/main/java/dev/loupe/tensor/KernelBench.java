package dev.loupe.tensor;

import java.util.Random;

/**
 * Measures {@link Gemm} throughput, for {@code loupe bench} and for choosing kernel parameters.
 *
 * <p>Counts {@code 2·m·n·k} floating-point operations per product ({@code C = A·B}, no transposes).
 */
public final class KernelBench {
    private KernelBench() {
    }

    /**
     * Runs {@code C = A·B} with {@code A [m, k]}, {@code B [k, n]} repeatedly for about {@code seconds} after a
     * short warm-up and returns the best rate seen, in GFLOPS (10⁹ floating-point operations per second).
     */
    public static double gemmGflops(int m, int n, int k, Parallel parallel, double seconds) {
        if (m < 1 || n < 1 || k < 1 || !(seconds > 0)) {
            throw new IllegalArgumentException("benchmark needs positive sizes and time, got m=" + m + " n=" + n
                    + " k=" + k + " seconds=" + seconds);
        }
        Random random = new Random(42);
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat() - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextFloat() - 0.5f;
        }
        double flops = 2.0 * m * n * k;
        long warmEnd = System.nanoTime() + (long) (Math.min(1.0, seconds / 3) * 1e9);
        do {
            Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n, parallel);
        } while (System.nanoTime() < warmEnd);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        double best = 0;
        do {
            long t0 = System.nanoTime();
            Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n, parallel);
            long t = System.nanoTime() - t0;
            best = Math.max(best, flops / Math.max(1, t));
        } while (System.nanoTime() < end);
        return best;
    }

    /**
     * Prints GFLOPS at 1024³ and at the im2col shape of mnistnet's second convolution (m=64, k=288,
     * n=36,864: a batch of 64 of 24×24 outputs) for 1 and 2 threads. Arguments: seconds per case (default 3).
     */
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        System.out.println("kernel: " + Gemm.kernelName());
        int[][] shapes = {{1024, 1024, 1024}, {64, 36_864, 288}};
        for (int[] s : shapes) {
            for (int threads = 1; threads <= 2; threads++) {
                double g = gemmGflops(s[0], s[1], s[2], Parallel.of(threads), seconds);
                System.out.printf("gemm m=%d n=%d k=%d threads=%d: %.1f GFLOPS%n", s[0], s[1], s[2], threads, g);
            }
        }
    }
}
