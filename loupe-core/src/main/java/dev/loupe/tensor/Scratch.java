package dev.loupe.tensor;

/**
 * Per-thread reusable float buffers for kernels, so that hot loops do not allocate. A buffer is only valid until
 * the same thread asks for the same slot again; contents are not cleared.
 */
final class Scratch {
    /** The im2col matrix (or the columns a backward GEMM writes). */
    static final int COLUMNS = 0;
    /** A batch-wide GEMM operand or output gathered from or scattered to NCHW. */
    static final int WIDE = 1;
    private static final int SLOTS = 2;
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);

    private Scratch() {
    }

    /** A buffer of at least {@code size} floats for this thread and slot. */
    static float[] floats(int slot, int size) {
        float[][] buffers = BUFFERS.get();
        if (buffers[slot].length < size) {
            buffers[slot] = new float[size];
        }
        return buffers[slot];
    }
}
