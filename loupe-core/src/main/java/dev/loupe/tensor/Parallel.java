package dev.loupe.tensor;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * How many threads the kernels may use, and the loops that split work over them.
 *
 * <p>Work is split into a fixed number of contiguous chunks that depends only on the thread count and the range,
 * never on timing, so any reduction over chunks (done by the caller, in chunk order) gives the same bits for a
 * given thread count. Nested calls from inside a worker run serially, so kernels can be composed freely.
 */
public final class Parallel {
    private static final ConcurrentHashMap<Integer, ForkJoinPool> POOLS = new ConcurrentHashMap<>();
    private static volatile Parallel defaultParallel = new Parallel(Runtime.getRuntime().availableProcessors());

    private static final Parallel SERIAL = new Parallel(1);

    private final int threads;

    private Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
        this.threads = threads;
    }

    /** A parallelism of exactly {@code threads} threads. */
    public static Parallel of(int threads) {
        return new Parallel(threads);
    }

    /** A single-threaded parallelism. */
    public static Parallel serial() {
        return SERIAL;
    }

    /** The process-wide default: all cores unless {@link #setDefaultThreads} was called. */
    public static Parallel defaults() {
        return defaultParallel;
    }

    /** Sets the process-wide default thread count (the CLI's {@code --threads}). */
    public static void setDefaultThreads(int threads) {
        defaultParallel = new Parallel(threads);
    }

    /** Work (in elements touched) below which splitting costs more than it saves. */
    public static final long MIN_PARALLEL_WORK = 1 << 16;

    /**
     * This parallelism when {@code work} elements are worth splitting over threads, otherwise a serial one: waking
     * a worker costs microseconds (far more on a busy machine), which a small layer does not repay.
     */
    public Parallel forWork(long work) {
        return work >= MIN_PARALLEL_WORK || threads == 1 ? this : SERIAL;
    }

    /** Number of threads. */
    public int threads() {
        return threads;
    }

    /**
     * Number of chunks {@link #forChunks} splits {@code n} items into: {@code min(n, threads)}, or 1 when called
     * from inside a worker.
     */
    public int chunks(int n) {
        if (threads == 1 || n <= 1 || Thread.currentThread() instanceof ForkJoinWorkerThread) {
            return Math.max(1, Math.min(n, 1));
        }
        return Math.min(n, threads);
    }

    /** The start of chunk {@code c} of {@code chunks} over {@code [0, n)}. */
    public static int chunkStart(int c, int chunks, int n) {
        return (int) ((long) c * n / chunks);
    }

    /** Runs {@code body.accept(i)} for every i in [0, n), over the threads. */
    public void forEach(int n, IntConsumer body) {
        forChunks(n, (from, to, chunk) -> {
            for (int i = from; i < to; i++) {
                body.accept(i);
            }
        });
    }

    /** A body that handles the items {@code [from, to)} as chunk number {@code chunk}. */
    @FunctionalInterface
    public interface ChunkBody {
        void run(int from, int to, int chunk);
    }

    /** Splits [0, n) into {@link #chunks(int)} contiguous chunks and runs them over the threads. */
    public void forChunks(int n, ChunkBody body) {
        int chunks = chunks(n);
        if (n <= 0) {
            return;
        }
        if (chunks == 1) {
            body.run(0, n, 0);
            return;
        }
        ForkJoinPool pool = POOLS.computeIfAbsent(threads, ForkJoinPool::new);
        RecursiveAction[] tasks = new RecursiveAction[chunks];
        for (int c = 0; c < chunks; c++) {
            int chunk = c;
            tasks[c] = new RecursiveAction() {
                @Override
                protected void compute() {
                    body.run(chunkStart(chunk, chunks, n), chunkStart(chunk + 1, chunks, n), chunk);
                }
            };
        }
        pool.invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                invokeAll(tasks);
            }
        });
    }

    /**
     * Runs {@code body.accept(i)} for every i in [0, n), each thread taking the next item not yet taken, so a thread
     * slowed down by other processes takes fewer items. Which thread runs an item depends on timing: each item must
     * write only its own outputs (and any reduction be done by the caller in item order) for the result to stay
     * deterministic.
     */
    public void forEachBalanced(int n, IntConsumer body) {
        AtomicInteger next = new AtomicInteger();
        forChunks(Math.min(n, threads), (from, to, chunk) -> {
            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                body.accept(i);
            }
        });
    }

    @Override
    public String toString() {
        return "Parallel[" + threads + " threads]";
    }
}
