package dev.loupe.tensor;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * {@code op(B)} operands packed once, whole, and kept for later products with the same B: a model's weights, which
 * a dense layer would otherwise re-pack (transposing 9,216 × 128 floats for mnistnet) on every call, even for one
 * image. Entries are held weakly by the stored array, so they go when the weights go.
 *
 * <p>Layout: strip {@code s} of {@code nr} columns occupies {@code panels[s·k·nr, (s+1)·k·nr)}, step by step, as
 * {@link PanelSource#pack} lays out a block of all k rows and all columns; the strip for columns from {@code j} and
 * rows from {@code p0} then starts at {@code (j/nr)·k·nr + p0·nr}, so any block of k and any band of whole strips
 * reads straight from it.
 */
final class ConstantPanels {
    private static final Map<float[], Packed[]> KEPT = Collections.synchronizedMap(new WeakHashMap<>());

    private ConstantPanels() {
    }

    /** One packing of one view of an array: valid only for the same kernel, orientation, offset and sizes. */
    record Packed(GemmKernel kernel, boolean trans, int off, int ld, int k, int n, float[] panels) {
        boolean fits(GemmKernel kernel, PanelSource b, int k, int n) {
            return this.kernel == kernel && trans == b.trans() && off == b.off() && ld == b.ld() && this.k == k
                    && this.n == n;
        }

        /** Where the strip of columns from {@code j} (a multiple of nr) starts, at row {@code p0}. */
        int at(int j, int p0) {
            return j / kernel.nr * k * kernel.nr + p0 * kernel.nr;
        }
    }

    /** The kept packing of {@code b} ({@code k × n}) for {@code kernel}, packed now if there is none that fits. */
    static Packed of(PanelSource b, int k, int n, GemmKernel kernel) {
        Packed[] both = KEPT.get(b.b());
        int slot = b.trans() ? 1 : 0;
        Packed kept = both == null ? null : both[slot];
        if (kept != null && kept.fits(kernel, b, k, n)) {
            return kept;
        }
        int strips = (n + kernel.nr - 1) / kernel.nr;
        float[] panels = new float[strips * kernel.nr * k];
        b.pack(0, k, 0, n, kernel, panels);
        Packed packed = new Packed(kernel, b.trans(), b.off(), b.ld(), k, n, panels);
        KEPT.compute(b.b(), (array, old) -> {
            Packed[] next = old == null ? new Packed[2] : old.clone();
            next[slot] = packed;
            return next;
        });
        return packed;
    }

    /** Drops what is kept for {@code array}, after its values changed in place. */
    static void forget(float[] array) {
        KEPT.remove(array);
    }
}
