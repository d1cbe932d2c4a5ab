package dev.loupe.tensor;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * {@code op(B)} operands packed once, whole, and kept for later products with the same B: a model's weights, which
 * a dense layer would otherwise re-pack (transposing 9,216 × 128 floats for mnistnet) on every call, even for one
 * image. Entries are held weakly by the stored array, so they go when the weights go.
 * Each is kept as {@link PackedPanels}.
 */
final class ConstantPanels {
    private static final Map<float[], Kept[]> KEPT = Collections.synchronizedMap(new WeakHashMap<>());

    private ConstantPanels() {
    }

    /** The packing of one view of an array: valid only for the same kernel, orientation, offset and sizes. */
    private record Kept(boolean trans, int off, int ld, PackedPanels panels) {
        boolean fits(GemmKernel kernel, PanelSource b, int k, int n) {
            return panels.kernel() == kernel && trans == b.trans() && off == b.off() && ld == b.ld()
                    && panels.k() == k && panels.n() == n;
        }
    }

    /** The kept packing of {@code b} ({@code k × n}) for {@code kernel}, packed now if there is none that fits. */
    static PackedPanels of(PanelSource b, int k, int n, GemmKernel kernel) {
        Kept[] both = KEPT.get(b.b());
        int slot = b.trans() ? 1 : 0;
        Kept kept = both == null ? null : both[slot];
        if (kept != null && kept.fits(kernel, b, k, n)) {
            return kept.panels();
        }
        float[] data = new float[PackedPanels.size(kernel, k, n)];
        b.pack(0, k, 0, n, kernel, data);
        Kept fresh = new Kept(b.trans(), b.off(), b.ld(), new PackedPanels(kernel, k, n, data));
        KEPT.compute(b.b(), (array, old) -> {
            Kept[] next = old == null ? new Kept[2] : old.clone();
            next[slot] = fresh;
            return next;
        });
        return fresh.panels();
    }

    /** Drops what is kept for {@code array}, after its values changed in place. */
    static void forget(float[] array) {
        KEPT.remove(array);
    }
}
