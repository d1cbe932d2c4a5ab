package dev.loupe.tensor;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * GEMM operands packed once, whole, and kept for later products with the same array: a model's weights, which a
 * dense layer would otherwise re-pack (transposing 9,216 × 128 floats for mnistnet) on every call, even for one
 * image, and which a convolution would re-pack for every block of images. Entries are held weakly by the stored
 * array, so they go when the weights go. A B operand is kept as {@link PackedPanels}; an A operand as one block of
 * {@link Gemm#packA}: strips of {@code mr} rows running over all of k.
 */
final class ConstantPanels {
    private static final Map<float[], Kept[]> KEPT = Collections.synchronizedMap(new WeakHashMap<>());
    /** Slots per array: B as stored, B transposed, A as stored, A transposed. */
    private static final int SLOTS = 4;

    private ConstantPanels() {
    }

    /**
     * The packing of one view of an array, {@code rows × cols} as the product reads it: valid only for the same
     * kernel, orientation, offset and sizes.
     */
    private record Kept(GemmKernel kernel, boolean trans, int off, int ld, int rows, int cols, float[] data,
                        boolean current) {
        boolean fits(GemmKernel kernel, boolean trans, int off, int ld, int rows, int cols) {
            return current && sameView(kernel, trans, off, ld, rows, cols);
        }

        boolean sameView(GemmKernel kernel, boolean trans, int off, int ld, int rows, int cols) {
            return this.kernel == kernel && this.trans == trans && this.off == off && this.ld == ld
                    && this.rows == rows && this.cols == cols;
        }

        /**
         * Storage for a new packing of that view: this packing's own array once it is out of date (every padding
         * value in it is still zero, as the view is the same), else a new one.
         */
        float[] storageFor(GemmKernel kernel, boolean trans, int off, int ld, int rows, int cols, int size) {
            return !current && sameView(kernel, trans, off, ld, rows, cols) ? data : new float[size];
        }

        Kept outdated() {
            return new Kept(kernel, trans, off, ld, rows, cols, data, false);
        }
    }

    /**
     * The kept packing of {@code b} ({@code k × n}) for {@code kernel}, packed now, strips split over the threads of
     * {@code parallel}, if there is none that fits (in training, after every step).
     */
    static PackedPanels of(PanelSource b, int k, int n, GemmKernel kernel, Parallel parallel) {
        int slot = b.trans() ? 1 : 0;
        Kept kept = kept(b.b(), slot);
        if (kept == null || !kept.fits(kernel, b.trans(), b.off(), b.ld(), k, n)) {
            int size = PackedPanels.size(kernel, k, n);
            float[] data = kept == null ? new float[size]
                    : kept.storageFor(kernel, b.trans(), b.off(), b.ld(), k, n, size);
            int nr = kernel.nr;
            parallel.forWork((long) k * n).forChunks((n + nr - 1) / nr, (s0, s1, chunk) -> {
                int j0 = s0 * nr, j1 = Math.min(n, s1 * nr);
                b.pack(0, k, j0, j1 - j0, kernel, data, j0 * k);
            });
            kept = keep(b.b(), slot, new Kept(kernel, b.trans(), b.off(), b.ld(), k, n, data, true));
        }
        return new PackedPanels(kernel, k, n, kept.data());
    }

    /**
     * The kept packing of {@code op(A)} ({@code m × k}, stored at {@code a[aOff]} with row stride {@code lda}) for
     * {@code kernel}: strip s of {@code mr} rows at {@code s·mr·k}, holding step p's mr values at {@code p·mr}.
     */
    static float[] rowsOf(boolean transA, float[] a, int aOff, int lda, int m, int k, GemmKernel kernel) {
        int slot = transA ? 3 : 2;
        Kept kept = kept(a, slot);
        if (kept == null || !kept.fits(kernel, transA, aOff, lda, m, k)) {
            int size = (m + kernel.mr - 1) / kernel.mr * kernel.mr * k;
            float[] data = kept == null ? new float[size] : kept.storageFor(kernel, transA, aOff, lda, m, k, size);
            Gemm.packA(kernel, transA, a, aOff, lda, 0, 0, m, k, data);
            kept = keep(a, slot, new Kept(kernel, transA, aOff, lda, m, k, data, true));
        }
        return kept.data();
    }

    private static Kept kept(float[] array, int slot) {
        Kept[] all = KEPT.get(array);
        return all == null ? null : all[slot];
    }

    private static Kept keep(float[] array, int slot, Kept fresh) {
        KEPT.compute(array, (key, old) -> {
            Kept[] next = old == null ? new Kept[SLOTS] : old.clone();
            next[slot] = fresh;
            return next;
        });
        return fresh;
    }

    /**
     * Marks what is kept for {@code array} out of date, after its values changed in place. The next packing of the
     * same view is written over the old one, as in training, where the weights change after every step and a
     * fresh array each time would only feed the garbage collector.
     */
    static void forget(float[] array) {
        KEPT.computeIfPresent(array, (key, old) -> {
            Kept[] next = new Kept[SLOTS];
            for (int slot = 0; slot < SLOTS; slot++) {
                next[slot] = old[slot] == null ? null : old[slot].outdated();
            }
            return next;
        });
    }
}
