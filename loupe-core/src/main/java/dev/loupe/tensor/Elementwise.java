package dev.loupe.tensor;

/**
 * The rectifier's element loops, forward and backward, for tensors of any shape.
 *
 * <p>Backward passes keep or drop each element by the sign of another tensor, without a branch per element
 * ({@link RectifierKernel}: vector compares and blends, or bit masks in plain Java). The results are bit for bit
 * those of the plain {@code x > 0 ? g : 0} (a NaN gate drops, a NaN signal that is kept stays NaN).
 *
 * <p>Large tensors are split into blocks of {@value #BLOCK} elements over the given {@link Parallel}; every
 * element is computed the same way whatever the split, so the thread count never changes a result.
 */
public final class Elementwise {
    /** Elements per parallel work unit; small tensors stay on one thread. */
    private static final int BLOCK = 1 << 15;

    private Elementwise() {
    }

    /** {@code max(x, 0)}, the rectifier (NaN stays NaN, as in PyTorch). */
    public static Tensor positivePart(Tensor x, Parallel parallel) {
        float[] xd = x.data();
        Tensor y = Tensor.toOverwrite(x.shape());
        float[] out = y.data();
        forBlocks(xd.length, parallel, (from, to) -> RectifierKernel.INSTANCE.positivePart(xd, out, from, to));
        return y;
    }

    /**
     * {@code gate > 0 ? signal : 0}: the rectifier's gradient, where {@code gate} is its forward input. Both
     * tensors have the same number of elements; the result has the signal's shape.
     */
    public static Tensor passWherePositive(Tensor gate, Tensor signal, Parallel parallel) {
        return gated(gate, signal, false, parallel);
    }

    /**
     * {@code gate > 0 && signal > 0 ? signal : 0}: guided backpropagation's rectifier (Springenberg et al. 2015).
     * Shapes as in {@link #passWherePositive}.
     */
    public static Tensor passWhereBothPositive(Tensor gate, Tensor signal, Parallel parallel) {
        return gated(gate, signal, true, parallel);
    }

    private static Tensor gated(Tensor gate, Tensor signal, boolean positiveSignalOnly, Parallel parallel) {
        if (gate.size() != signal.size()) {
            throw new IllegalArgumentException("gate " + gate.shapeString() + " and signal " + signal.shapeString()
                    + " differ in size");
        }
        float[] gd = gate.data(), sd = signal.data();
        Tensor y = Tensor.toOverwrite(signal.shape());
        float[] out = y.data();
        forBlocks(sd.length, parallel,
                (from, to) -> RectifierKernel.INSTANCE.gated(gd, sd, out, from, to, positiveSignalOnly));
        return y;
    }

    @FunctionalInterface
    private interface RangeBody {
        void run(int from, int to);
    }

    private static void forBlocks(int n, Parallel parallel, RangeBody body) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        if (blocks <= 1) {
            body.run(0, n);
            return;
        }
        parallel.forChunks(blocks, (from, to, chunk) -> body.run(from * BLOCK, Math.min(n, to * BLOCK)));
    }
}
