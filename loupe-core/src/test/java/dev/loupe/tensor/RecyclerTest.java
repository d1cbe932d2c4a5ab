package dev.loupe.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RecyclerTest {
    private static final int LARGE = Recycler.SMALL;

    @Test
    void withoutABindingEveryArrayIsFresh() {
        Recycler recycler = new Recycler();
        float[] a = Recycler.floats(LARGE);
        recycler.reclaim();
        assertThat(Recycler.floats(LARGE)).isNotSameAs(a);
    }

    @Test
    void reclaimedArraysComeBackZeroed() {
        Recycler recycler = new Recycler();
        float[] a, b;
        try (Recycler.Binding binding = recycler.bind()) {
            a = Tensor.zeros(2, LARGE / 2).data();
            b = Recycler.floats(LARGE);
            assertThat(b).isNotSameAs(a);
            a[7] = 1f;
            b[LARGE - 1] = 2f;
        }
        recycler.reclaim();
        try (Recycler.Binding binding = recycler.bind()) {
            float[] c = Recycler.floats(LARGE), d = Tensor.zeros(LARGE).data();
            assertThat(c == a || c == b).isTrue();
            assertThat(d == a || d == b).isTrue();
            assertThat(d).isNotSameAs(c);
            assertThat(c).containsOnly(0f);
            assertThat(d).containsOnly(0f);
            assertThat(Recycler.floats(LARGE)).isNotSameAs(a).isNotSameAs(b);
        }
    }

    @Test
    void outputsWrittenInFullAreNotZeroedAgain() {
        Recycler recycler = new Recycler();
        float[] a;
        int[] s;
        try (Recycler.Binding binding = recycler.bind()) {
            a = Tensor.toOverwrite(LARGE).data();
            s = Recycler.intsToOverwrite(LARGE);
            a[5] = 3f;
            s[5] = 3;
        }
        recycler.reclaim();
        try (Recycler.Binding binding = recycler.bind()) {
            float[] b = Recycler.floatsToOverwrite(LARGE);
            assertThat(b).isSameAs(a);
            assertThat(b[5]).isEqualTo(3f);
            assertThat(Recycler.intsToOverwrite(LARGE)).isSameAs(s);
        }
        // without a recycler they are new arrays, hence zeros
        assertThat(Tensor.toOverwrite(2, LARGE).data()).containsOnly(0f);
    }

    @Test
    void smallArraysOtherSizesAndOtherThreadsAreFresh() throws Exception {
        Recycler recycler = new Recycler();
        float[] small, large;
        try (Recycler.Binding binding = recycler.bind()) {
            small = Recycler.floats(LARGE - 1);
            large = Recycler.floats(LARGE);
        }
        recycler.reclaim();
        try (Recycler.Binding binding = recycler.bind()) {
            assertThat(Recycler.floats(LARGE - 1)).isNotSameAs(small);
            assertThat(Recycler.floats(LARGE + 1)).isNotSameAs(large);
            assertThat(CompletableFuture.supplyAsync(() -> Recycler.floats(LARGE)).get()).isNotSameAs(large);
            assertThat(Recycler.floats(LARGE)).isSameAs(large);
        }
    }

    @Test
    void keepsOnlyWhatTheLastIterationUsed() {
        Recycler recycler = new Recycler();
        float[] a;
        try (Recycler.Binding binding = recycler.bind()) {
            a = Recycler.floats(LARGE);
        }
        recycler.reclaim();
        // an iteration that does not ask for that size: the array is dropped at the next reclaim
        recycler.reclaim();
        try (Recycler.Binding binding = recycler.bind()) {
            assertThat(Recycler.floats(LARGE)).isNotSameAs(a);
        }
    }

    @Test
    void oneBindingPerThreadAndClosingUnbinds() {
        Recycler recycler = new Recycler();
        float[] a;
        try (Recycler.Binding binding = recycler.bind()) {
            assertThatThrownBy(recycler::bind).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> new Recycler().bind()).isInstanceOf(IllegalStateException.class);
            a = Recycler.floats(LARGE);
        }
        recycler.reclaim();
        assertThat(Recycler.floats(LARGE)).isNotSameAs(a);
        try (Recycler.Binding binding = recycler.bind()) {
            assertThat(Recycler.floats(LARGE)).isSameAs(a);
        }
    }
}
