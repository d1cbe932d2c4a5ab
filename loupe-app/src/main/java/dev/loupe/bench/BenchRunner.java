package dev.loupe.bench;

/**
 * Times {@link BenchCase}s: a warm-up as long as the measurement (at least two seconds, so the JIT has compiled the
 * hot loops), then repeated runs for a fixed wall-clock budget; reports images per second
 * over the best of several equal slices of the budget (the least disturbed by other processes).
 */
public final class BenchRunner {
    private final double seconds;

    /** A runner spending about {@code seconds} on each case after warm-up. */
    public BenchRunner(double seconds) {
        if (!(seconds > 0)) {
            throw new dev.loupe.LoupeException("--seconds must be positive, got " + seconds);
        }
        this.seconds = seconds;
    }

    /** Images per second for the case. */
    public double imagesPerSecond(BenchCase c) throws Exception {
        long warmEnd = System.nanoTime() + (long) (Math.max(2.0, seconds) * 1e9);
        int sink = 0;
        do {
            sink += System.identityHashCode(c.run().run());
        } while (System.nanoTime() < warmEnd);
        int slices = 3;
        double best = 0;
        for (int s = 0; s < slices; s++) {
            long start = System.nanoTime();
            long end = start + (long) (seconds / slices * 1e9);
            long runs = 0;
            long now;
            do {
                sink += System.identityHashCode(c.run().run());
                runs++;
                now = System.nanoTime();
            } while (now < end);
            best = Math.max(best, runs * (double) c.imagesPerRun() / ((now - start) / 1e9));
        }
        if (sink == 42) {
            System.out.print("");
        }
        return best;
    }
}
