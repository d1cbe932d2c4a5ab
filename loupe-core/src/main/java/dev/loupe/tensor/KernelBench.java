package dev.loupe.tensor;

import java.util.Random;

/**
 * Measures the throughput of {@link Gemm} and {@link Convolution}, for {@code loupe bench} and for choosing kernel
 * parameters. Rates are the best of repeated runs, since the machine may be shared: a single run says little.
 */
public final class KernelBench {
    private KernelBench() {
    }

    /**
     * Runs {@code C = A·B} with {@code A [m, k]}, {@code B [k, n]} repeatedly for about {@code seconds} after a
     * short warm-up and returns the best rate seen, in GFLOPS (10⁹ floating-point operations per second),
     * counting {@code 2·m·n·k} operations per product.
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
        return best(() -> Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n, parallel), flops,
                seconds);
    }

    /**
     * Runs {@link Convolution#forward} on a batch {@code [n, C, h, w]} of the geometry {@code g} repeatedly for about
     * {@code seconds} after a short warm-up and returns the best rate seen, in GFLOPS, counting
     * {@code 2·n·O·outH·outW·(C/groups)·kH·kW} operations per batch (bias excluded).
     */
    public static double convForwardGflops(ConvGeometry g, int n, int h, int w, Parallel parallel, double seconds) {
        if (n < 1 || g.outH(h) < 1 || g.outW(w) < 1 || !(seconds > 0)) {
            throw new IllegalArgumentException("benchmark needs a positive batch, time and output size, got n=" + n
                    + " " + h + "x" + w + " for " + g);
        }
        Random random = new Random(42);
        Tensor x = Tensor.uniform(random, 1, n, g.inChannels(), h, w);
        Tensor weight = Tensor.uniform(random, 0.1f, g.outChannels(), g.inPerGroup(), g.kernelH(), g.kernelW());
        Tensor bias = Tensor.uniform(random, 0.1f, g.outChannels());
        double flops = 2.0 * n * g.outChannels() * g.outH(h) * g.outW(w) * g.inPerGroup() * g.kernelH()
                * g.kernelW();
        return best(() -> Convolution.forward(x, weight, bias, g, parallel), flops, seconds);
    }

    /** Warms up for a third of the time (at most a second), then returns the best rate in GFLOPS. */
    private static double best(Runnable work, double flops, double seconds) {
        long warmEnd = System.nanoTime() + (long) (Math.min(1.0, seconds / 3) * 1e9);
        do {
            work.run();
        } while (System.nanoTime() < warmEnd);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        double best = 0;
        do {
            long t0 = System.nanoTime();
            work.run();
            best = Math.max(best, flops / Math.max(1, System.nanoTime() - t0));
        } while (System.nanoTime() < end);
        return best;
    }

    /**
     * Prints GFLOPS at 1024³ and at the im2col shape of mnistnet's second convolution (m=64, k=288,
     * n=36,864: a batch of 64 of 24×24 outputs), and that convolution's forward pass on a batch of 64, for 1 and
     * 2 threads. Argument: seconds per case (default 3).
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
        ConvGeometry conv2 = ConvGeometry.square(32, 64, 3, 1, 0);
        for (int threads = 1; threads <= 2; threads++) {
            double g = convForwardGflops(conv2, 64, 26, 26, Parallel.of(threads), seconds);
            System.out.printf("conv forward 64x32x26x26 -> 64x64x24x24 threads=%d: %.1f GFLOPS%n", threads, g);
        }
    }
}
