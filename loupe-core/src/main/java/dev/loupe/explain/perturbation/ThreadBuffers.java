package dev.loupe.explain.perturbation;

import dev.loupe.tensor.Tensor;
import java.util.Arrays;

/**
 * Float buffers kept per thread and reused by size, for the short-lived tensors of incremental occlusion: each
 * batch of a group has the same shapes as the last, and allocating and zeroing them cost several percent of
 * seednet's occlusion. A tensor taken from here holds arbitrary values, and stays valid only until its thread takes
 * another tensor of the same size from the same instance; every user writes each value before reading it.
 */
final class ThreadBuffers {
    /** Most sizes kept per thread; when a new one comes, all are forgotten. */
    private static final int KEPT_SIZES = 32;

    private final ThreadLocal<float[][]> kept = ThreadLocal.withInitial(() -> new float[KEPT_SIZES][]);

    /** This thread's tensor of this shape, with arbitrary contents. */
    Tensor tensor(int... shape) {
        int size = 1;
        for (int d : shape) {
            size = Math.multiplyExact(size, d);
        }
        return Tensor.wrap(floats(size), shape);
    }

    private float[] floats(int size) {
        float[][] buffers = kept.get();
        int free = -1;
        for (int i = 0; i < buffers.length; i++) {
            if (buffers[i] == null) {
                free = free < 0 ? i : free;
            } else if (buffers[i].length == size) {
                return buffers[i];
            }
        }
        if (free < 0) {
            Arrays.fill(buffers, null);
            free = 0;
        }
        buffers[free] = new float[size];
        return buffers[free];
    }
}
