package dev.loupe.explain.lrp;

import dev.loupe.tensor.Elementwise;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;

/**
 * Elementwise helpers shared by the relevance rules. All tensors here are batch-first; "channel" means axis 1
 * ({@code [N, C, H, W]} or {@code [N, F]}).
 */
final class Relevance {
    private Relevance() {
    }

    /** {@code stab(z) = z + e·sign(z)} with {@code sign(0) = +1}, so the result is never closer to 0 than e. */
    static float stab(float z, float e) {
        return z >= 0f ? z + e : z - e;
    }

    /** Below this many elements, elementwise loops stay on the calling thread. */
    private static final int PARALLEL_THRESHOLD = 1 << 15;

    /**
     * Runs {@code body} for the element ranges of the images of a batch of {@code n} images with {@code total}
     * elements, over the threads when the batch is large enough.
     */
    static void forImages(Parallel parallel, int n, int total, Parallel.ChunkBody body) {
        int per = total / Math.max(1, n);
        if (total < PARALLEL_THRESHOLD || n < 2) {
            body.run(0, total, 0);
            return;
        }
        parallel.forChunks(n, (from, to, chunk) -> body.run(from * per, to * per, chunk));
    }

    /** {@code r / stab(z)} elementwise (a new tensor shaped like r), over the threads of {@code parallel}. */
    static Tensor divideStabilised(Tensor r, Tensor z, double e, Parallel parallel) {
        float[] rd = r.data(), zd = z.data();
        float ef = (float) e;
        Tensor s = Tensor.zeros(r.shape());
        float[] sd = s.data();
        forImages(parallel, r.dim(0), rd.length, (from, to, chunk) -> {
            for (int i = from; i < to; i++) {
                sd[i] = rd[i] / stab(zd[i], ef);
            }
        });
        return s;
    }

    /**
     * {@code max(t, 0)} elementwise, by the rectifier's vector loop ({@link Elementwise#positivePart}; a NaN stays
     * NaN): a compare-and-branch per activation mispredicts half the time.
     */
    static Tensor positive(Tensor t) {
        return Elementwise.positivePart(t, Parallel.serial());
    }

    /** {@code min(t, 0)} elementwise. */
    static Tensor negative(Tensor t) {
        Tensor out = Tensor.zeros(t.shape());
        float[] d = t.data(), o = out.data();
        for (int i = 0; i < d.length; i++) {
            o[i] = d[i] < 0f ? d[i] : 0f;
        }
        return out;
    }

    /** Whether any element is negative. */
    static boolean hasNegative(Tensor t) {
        for (float v : t.data()) {
            if (v < 0f) {
                return true;
            }
        }
        return false;
    }

    /** Adds a per-channel {@code bias [C]} (nullable) in place to {@code t [N, C, ...]}. Returns t. */
    static Tensor addBiasInPlace(Tensor t, Tensor bias) {
        if (bias == null) {
            return t;
        }
        int n = t.dim(0), c = t.dim(1), area = t.size() / Math.max(1, n * c);
        float[] d = t.data(), b = bias.data();
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int off = (i * c + ch) * area;
                for (int p = 0; p < area; p++) {
                    d[off + p] += b[ch];
                }
            }
        }
        return t;
    }

    /** {@code [a; b]} along the batch axis. */
    static Tensor stack(Tensor a, Tensor b) {
        return Tensor.concat(java.util.List.of(a, b));
    }

    /** The per-image shape {@code [1, ...]} of a batch tensor. */
    static int[] oneImage(Tensor t) {
        int[] s = t.shape();
        s[0] = 1;
        return s;
    }

}
