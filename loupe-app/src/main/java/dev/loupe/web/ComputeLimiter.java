package dev.loupe.web;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the model work the server does at once: at most {@code workers} computations run, at most {@code queue}
 * more wait, and a request beyond that (or one that waits longer than the timeout) is refused with 503 instead of
 * piling up. The page shows the refusal; the server stays responsive.
 */
public final class ComputeLimiter {
    private final Semaphore running;
    private final int capacity;
    private final long timeoutMillis;
    private final AtomicInteger admitted = new AtomicInteger();

    /**
     * @param workers       computations at once, at least 1
     * @param queue         requests that may wait for a worker, at least 0
     * @param timeoutMillis longest wait before a 503
     */
    public ComputeLimiter(int workers, int queue, long timeoutMillis) {
        if (workers < 1 || queue < 0 || timeoutMillis < 0) {
            throw new IllegalArgumentException("workers >= 1, queue >= 0, timeout >= 0; got " + workers + ", "
                    + queue + ", " + timeoutMillis);
        }
        this.running = new Semaphore(workers, true);
        this.capacity = workers + queue;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Runs {@code work} when a worker is free.
     *
     * @throws WebException 503 when the queue is full or the wait times out
     */
    public <T> T run(Supplier<T> work) {
        if (admitted.incrementAndGet() > capacity) {
            admitted.decrementAndGet();
            throw new WebException(503, "the server is busy (" + capacity + " requests in progress); try again");
        }
        try {
            if (!running.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new WebException(503, "the server is busy: no worker became free within " + timeoutMillis
                        + " ms; try again");
            }
            try {
                return work.get();
            } finally {
                running.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebException(503, "the server is shutting down");
        } finally {
            admitted.decrementAndGet();
        }
    }

    /** Requests running or waiting right now. */
    public int inFlight() {
        return admitted.get();
    }
}
