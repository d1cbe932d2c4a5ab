package dev.loupe.tensor;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * How many threads the kernels may use, and the loops that split work over them.
 *
 * <p>Work is split into a fixed number of contiguous chunks that depends only on the thread count and the range,
 * never on timing, so any reduction over chunks (done by the caller, in chunk order) gives the same bits for a
 * given thread count. Nested calls from inside a loop (on any of its threads) run serially, so kernels can be
 * composed freely.
 *
 * <p>The calling thread runs the first chunk itself and a {@link Crew} of resident threads the others. A crew thread
 * spins for a millisecond after its chunk before it parks, so the next loop of a forward or backward pass reaches
 * it in well under a microsecond: with a fork-join pool, waking its workers for every layer made a batch-1 pass on
 * two threads a third slower than on one, and with 50 µs of spinning the serial work between the loops of a
 * training step (allocating and zeroing the next activation, say) often outlasted the spin, costing a wake-up per
 * layer (seednet training and mnistnet saliency were each about 10% slower than with a millisecond).
 */
public final class Parallel {
    private static final ConcurrentHashMap<Integer, Crew> CREWS = new ConcurrentHashMap<>();
    /** Set on a thread while it runs a chunk of a loop. */
    private static final ThreadLocal<boolean[]> IN_LOOP = ThreadLocal.withInitial(() -> new boolean[1]);
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
     * from inside a loop.
     */
    public int chunks(int n) {
        if (threads == 1 || n <= 1 || IN_LOOP.get()[0]) {
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
        Crew crew = CREWS.computeIfAbsent(threads, Crew::new);
        if (!crew.run(n, chunks, body)) {
            // the crew is busy with another caller's loop: the same chunks, here, in order
            runChunks(0, chunks, chunks, n, body);
        }
    }

    /** Runs chunks {@code [first, last)} of the {@code chunks} over {@code [0, n)} on this thread, inside a loop. */
    private static void runChunks(int first, int last, int chunks, int n, ChunkBody body) {
        boolean[] inLoop = IN_LOOP.get();
        boolean outermost = !inLoop[0];
        inLoop[0] = true;
        try {
            for (int c = first; c < last; c++) {
                body.run(chunkStart(c, chunks, n), chunkStart(c + 1, chunks, n), c);
            }
        } finally {
            if (outermost) {
                inLoop[0] = false;
            }
        }
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

    /**
     * {@code threads − 1} resident daemon threads; crew thread i runs chunk i of a loop, the caller chunk 0. One loop
     * at a time: a second caller meanwhile runs its chunks itself ({@link #forChunks}).
     */
    private static final class Crew {
        /** How long a crew thread, or the caller waiting for it, spins before parking. */
        private static final long SPIN_NANOS = 1_000_000;
        /** Longest park of a caller waiting for the crew between checks (a safety net: members unpark it). */
        private static final long PARK_NANOS = 50_000;

        /** Spinning time of this crew's threads: none when they outnumber the cores (a spinner would take one). */
        private final long spin;

        private final Member[] members;
        private final AtomicInteger busy = new AtomicInteger();
        private final AtomicInteger pending = new AtomicInteger();
        // the current loop, published to the members by their volatile posted counter
        private ChunkBody body;
        private int n;
        private int chunks;
        private volatile Throwable failure;
        private volatile Thread waiting;

        Crew(int threads) {
            spin = threads <= Runtime.getRuntime().availableProcessors() ? SPIN_NANOS : 0;
            members = new Member[threads - 1];
            for (int i = 0; i < members.length; i++) {
                members[i] = new Member(this, i + 1, threads);
                members[i].start();
            }
        }

        /** Runs the loop over the crew and returns true, or returns false at once if the crew is busy. */
        boolean run(int n, int chunks, ChunkBody body) {
            if (!busy.compareAndSet(0, 1)) {
                return false;
            }
            try {
                this.body = body;
                this.n = n;
                this.chunks = chunks;
                failure = null;
                pending.set(chunks - 1);
                for (int c = 1; c < chunks; c++) {
                    members[c - 1].post();
                }
                Throwable own = null;
                try {
                    runChunks(0, 1, chunks, n, body);
                } catch (Throwable t) {
                    own = t;
                }
                awaitMembers();
                this.body = null;
                Throwable t = own != null ? own : failure;
                if (t instanceof RuntimeException e) {
                    throw e;
                }
                if (t instanceof Error e) {
                    throw e;
                }
                return true;
            } finally {
                busy.set(0);
            }
        }

        private void awaitMembers() {
            long start = System.nanoTime();
            while (pending.get() != 0) {
                if (System.nanoTime() - start < spin) {
                    Thread.onSpinWait();
                    continue;
                }
                waiting = Thread.currentThread();
                if (pending.get() != 0) {
                    LockSupport.parkNanos(this, PARK_NANOS);
                }
                waiting = null;
            }
        }

        /** Called by a member after its chunk. */
        void finished(Throwable t) {
            if (t != null && failure == null) {
                failure = t;
            }
            if (pending.decrementAndGet() == 0) {
                Thread w = waiting;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        }
    }

    /** A crew thread: waits for a loop to be posted, runs its chunk, reports, waits again. */
    private static final class Member extends Thread {
        private final Crew crew;
        private final int chunk;
        private volatile long posted;
        private volatile boolean parked;
        private long done;

        Member(Crew crew, int chunk, int threads) {
            super("loupe-" + threads + "-threads-" + chunk);
            this.crew = crew;
            this.chunk = chunk;
            setDaemon(true);
        }

        /** Asks for one more chunk run (called by the crew's one caller, after the previous loop finished). */
        void post() {
            posted = posted + 1;
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            IN_LOOP.get()[0] = true;
            while (true) {
                awaitPost();
                Throwable failure = null;
                try {
                    Crew c = crew;
                    runChunks(chunk, chunk + 1, c.chunks, c.n, c.body);
                } catch (Throwable t) {
                    failure = t;
                }
                done++;
                crew.finished(failure);
            }
        }

        private void awaitPost() {
            long start = System.nanoTime();
            while (posted == done) {
                if (System.nanoTime() - start < crew.spin) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (posted == done) {
                    LockSupport.park(this);
                }
                parked = false;
            }
        }
    }
}
