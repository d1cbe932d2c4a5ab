package dev.loupe.explain.perturbation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.tensor.Tensor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadBuffersTest {
    @Test
    void aThreadGetsItsBufferBackBySizeWhateverTheShape() throws InterruptedException {
        ThreadBuffers buffers = new ThreadBuffers();
        Tensor a = buffers.tensor(2, 3, 4);
        assertThat(a.shape()).containsExactly(2, 3, 4);
        assertThat(buffers.tensor(4, 6).data()).isSameAs(a.data());
        assertThat(buffers.tensor(5, 5).data()).isNotSameAs(a.data());
        assertThat(new ThreadBuffers().tensor(2, 3, 4).data()).isNotSameAs(a.data());
        AtomicReference<float[]> other = new AtomicReference<>();
        Thread t = new Thread(() -> other.set(buffers.tensor(2, 3, 4).data()));
        t.start();
        t.join();
        assertThat(other.get()).hasSize(24).isNotSameAs(a.data());
    }

    @Test
    void manySizesForgetTheOldOnesButStillServeEach() {
        ThreadBuffers buffers = new ThreadBuffers();
        for (int size = 1; size <= 100; size++) {
            assertThat(buffers.tensor(size).size()).isEqualTo(size);
        }
        float[] kept = buffers.tensor(100).data();
        assertThat(buffers.tensor(100).data()).isSameAs(kept);
    }
}
