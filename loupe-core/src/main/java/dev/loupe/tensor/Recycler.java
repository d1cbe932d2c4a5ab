package dev.loupe.tensor;

import java.lang.reflect.Array;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Storage for the tensors of a loop whose every iteration allocates the same large arrays and drops all of them at
 * its end, as a training step does with its activations, pooling switches and gradients.
 *
 * <p>While a recycler is bound to a thread ({@link #bind}), the allocations of this package made on that thread
 * ({@link Tensor#zeros}, {@link Tensor#toOverwrite}, {@link #intsToOverwrite} and the like) take their arrays
 * from it; {@link #reclaim} then makes every array handed out so far free for the next iteration. Without it, a
 * step of mnistnet at batch 64 allocates about 80 MB, and each young collection of the garbage collector copies
 * whatever activations the step in progress holds: about a tenth of the step's time.
 *
 * <p>Arrays are handed out zeroed, as {@code new} would, except to outputs that are written in full
 * ({@link #floatsToOverwrite}). Small arrays (under {@value #SMALL} elements) are always allocated afresh, and so
 * are arrays made on other threads (the workers of a {@link Parallel} loop). A recycler keeps at most the arrays of
 * one iteration: those not asked for since the last {@code reclaim} are dropped at the next. It is used by one
 * thread at a time.
 */
public final class Recycler {
    /** Arrays with fewer elements are not worth keeping. */
    static final int SMALL = 4096;
    private static final ThreadLocal<Recycler> BOUND = new ThreadLocal<>();

    private final Shelf<float[]> floats = new Shelf<>(float[]::new, a -> Arrays.fill(a, 0f));
    private final Shelf<int[]> ints = new Shelf<>(int[]::new, a -> Arrays.fill(a, 0));
    private boolean bound;

    /**
     * Binds this recycler to the current thread until the returned binding is closed.
     *
     * @throws IllegalStateException if it is bound already, or another recycler is bound to this thread
     */
    public Binding bind() {
        if (bound || BOUND.get() != null) {
            throw new IllegalStateException("a recycler is already bound");
        }
        bound = true;
        BOUND.set(this);
        return new Binding();
    }

    /**
     * Makes every array handed out since the last reclaim free again, and drops the free arrays that were not
     * asked for in that time. The caller promises that no tensor made from those arrays is read or written again.
     */
    public void reclaim() {
        floats.reclaim();
        ints.reclaim();
    }

    /** {@code n} zeros, from the recycler bound to this thread if there is one. */
    static float[] floats(int n) {
        Recycler r = bound(n);
        return r == null ? new float[n] : r.floats.lend(n, true);
    }

    /**
     * {@code n} floats for an output that the caller writes in full: zeros when new, and whatever their last user
     * left when recycled. Zeroing what is about to be overwritten would cost a step of mnistnet about 2 ms on the
     * calling thread alone.
     */
    static float[] floatsToOverwrite(int n) {
        Recycler r = bound(n);
        return r == null ? new float[n] : r.floats.lend(n, false);
    }

    /** {@link #floatsToOverwrite} for integers, such as pooling switches. */
    public static int[] intsToOverwrite(int n) {
        Recycler r = bound(n);
        return r == null ? new int[n] : r.ints.lend(n, false);
    }

    /** The recycler bound to this thread, if there is one and an array of {@code n} elements is worth keeping. */
    private static Recycler bound(int n) {
        return n < SMALL ? null : BOUND.get();
    }

    /** The free and lent arrays of one element type, free ones by length. */
    private static final class Shelf<A> {
        private final IntFunction<A> create;
        private final Consumer<A> zero;
        private final Map<Integer, ArrayDeque<A>> free = new HashMap<>();
        private final List<A> lent = new ArrayList<>();

        Shelf(IntFunction<A> create, Consumer<A> zero) {
            this.create = create;
            this.zero = zero;
        }

        A lend(int n, boolean zeroed) {
            ArrayDeque<A> same = free.get(n);
            A a = same == null ? null : same.poll();
            if (a == null) {
                a = create.apply(n);
            } else if (zeroed) {
                zero.accept(a);
            }
            lent.add(a);
            return a;
        }

        void reclaim() {
            free.clear();
            for (A a : lent) {
                free.computeIfAbsent(Array.getLength(a), n -> new ArrayDeque<>()).push(a);
            }
            lent.clear();
        }
    }

    /** The binding of a recycler to a thread; closing it unbinds. */
    public final class Binding implements AutoCloseable {
        private Binding() {
        }

        @Override
        public void close() {
            if (bound) {
                bound = false;
                BOUND.remove();
            }
        }
    }
}
