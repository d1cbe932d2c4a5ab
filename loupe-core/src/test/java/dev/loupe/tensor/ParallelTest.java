package dev.loupe.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

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
