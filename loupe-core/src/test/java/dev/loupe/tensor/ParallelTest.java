package dev.loupe.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The loops: every item once, fixed chunks, serial nesting, failures reported to the caller. */
class ParallelTest {

    @Test
    void chunksAreFixed() {
        int[][] seen = new int[3][];
        Parallel.of(3).forChunks(10, (from, to, chunk) -> seen[chunk] = new int[] {from, to});
        assertThat(seen).isDeepEqualTo(new int[][] {{0, 3}, {3, 6}, {6, 10}});
    }

    @Test
    void loopsNestedInAnyChunkRunSerially() {
        AtomicIntegerArray innerChunks = new AtomicIntegerArray(2);
        Parallel.of(2).forChunks(2, (from, to, chunk) -> innerChunks.set(chunk, Parallel.of(2).chunks(100)));
        assertThat(innerChunks.get(0)).as("caller's chunk").isEqualTo(1);
        assertThat(innerChunks.get(1)).as("worker's chunk").isEqualTo(1);
        assertThat(Parallel.of(2).chunks(100)).as("outside any loop").isEqualTo(2);
    }

    @Test
    void aFailingChunkIsReportedToTheCaller() {
        assertThatThrownBy(() -> Parallel.of(4).forChunks(4, (from, to, chunk) -> {
            if (chunk == 2) {
                throw new IllegalStateException("chunk two failed");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("chunk two failed");
        assertThat(Parallel.of(2).chunks(10)).isEqualTo(2);
    }

    @Test
    void callersSharingTheThreadsEachGetEveryChunkOnce() throws Exception {
        Parallel parallel = Parallel.of(2);
        int callers = 4, loops = 300;
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger wrong = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < callers; t++) {
            Thread thread = new Thread(() -> {
                for (int loop = 0; loop < loops; loop++) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(2);
                    parallel.forChunks(7, (from, to, chunk) -> runs.addAndGet(chunk, to - from));
                    if (runs.get(0) != 3 || runs.get(1) != 4) {
                        wrong.incrementAndGet();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        assertThat(wrong.get()).isZero();
        assertThat(threads).noneMatch(Thread::isAlive);
    }

    @Test
    void balancedLoopRunsEveryItemExactlyOnce() {
        for (int n : new int[] {0, 1, 2, 5, 1000}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(n, 1));
            Parallel.of(3).forEachBalanced(n, i -> runs.incrementAndGet(i));
            for (int i = 0; i < n; i++) {
                assertThat(runs.get(i)).as("item %d of %d", i, n).isEqualTo(1);
            }
        }
    }

    @Test
    void balancedLoopInsideAWorkerRunsOnThatWorker() {
        int[] outer = new int[4];
        Parallel.of(2).forEach(4, o -> {
            Thread worker = Thread.currentThread();
            boolean[] same = {true};
            Parallel.of(2).forEachBalanced(50, i -> same[0] &= Thread.currentThread() == worker);
            outer[o] = same[0] ? 1 : 0;
        });
        assertThat(outer).containsOnly(1);
    }
}
