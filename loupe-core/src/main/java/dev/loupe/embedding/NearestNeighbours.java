package dev.loupe.embedding;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Gemm;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.Arrays;

/**
 * Exact k-nearest neighbours under the Euclidean distance, computed in blocks of queries with one GEMM per block:
 * {@code ‖q − x‖² = ‖q‖² + ‖x‖² − 2 q·x}. Memory stays bounded by the block size, whatever the number of points.
 */
public final class NearestNeighbours {
    private static final int BLOCK = 256;

    private NearestNeighbours() {
    }

    /**
     * The result: for query i, {@code indices[i][0..k)} are its neighbours, nearest first (ties broken by index),
     * and {@code squaredDistances[i][j]} their squared distances.
     */
    public record Result(int[][] indices, float[][] squaredDistances) {
    }

    /**
     * The {@code k} nearest points of {@code points [n, d]} for every query of {@code queries [m, d]}.
     *
     * @param excludeSelf when the queries are the points themselves, skip each point's own index
     * @throws LoupeException when k is not in [1, n] (or [1, n − 1] when excluding self)
     */
    public static Result search(Tensor queries, Tensor points, int k, boolean excludeSelf, Parallel parallel) {
        int m = queries.dim(0), n = points.dim(0), d = points.dim(1);
        if (queries.dim(1) != d) {
            throw new LoupeException("queries have " + queries.dim(1) + " features, points have " + d);
        }
        int available = excludeSelf ? n - 1 : n;
        if (k < 1 || k > available) {
            throw new LoupeException("k = " + k + " must be between 1 and " + available + " (the number of points"
                    + (excludeSelf ? " minus the query itself)" : ")"));
        }
        float[] q = queries.data(), x = points.data();
        float[] xNorm = squaredNorms(x, n, d);
        float[] qNorm = squaredNorms(q, m, d);
        int[][] indices = new int[m][];
        float[][] distances = new float[m][];
        int blocks = (m + BLOCK - 1) / BLOCK;
        parallel.forEachBalanced(blocks, b -> {
            int from = b * BLOCK, rows = Math.min(BLOCK, m - from);
            float[] dots = new float[rows * n];
            Gemm.sgemm(false, true, rows, n, d, q, from * d, d, x, 0, d, false, dots, 0, n, Parallel.serial());
            // (distance, index) packed in one long: distances are ≥ 0, so their float bits order like them
            long[] heap = new long[k];
            for (int r = 0; r < rows; r++) {
                int i = from + r;
                int size = 0;
                float qi = qNorm[i];
                for (int j = 0, at = r * n; j < n; j++, at++) {
                    if (excludeSelf && j == i) {
                        continue;
                    }
                    float dist = Math.max(0f, qi + xNorm[j] - 2 * dots[at]);
                    long key = (long) Float.floatToRawIntBits(dist) << 32 | j;
                    if (size < k) {
                        siftUp(heap, size++, key);
                    } else if (key < heap[0]) {
                        replaceTop(heap, k, key);
                    }
                }
                Arrays.sort(heap);
                indices[i] = new int[k];
                distances[i] = new float[k];
                for (int t = 0; t < k; t++) {
                    indices[i][t] = (int) heap[t];
                    distances[i][t] = Float.intBitsToFloat((int) (heap[t] >>> 32));
                }
            }
        });
        return new Result(indices, distances);
    }

    static float[] squaredNorms(float[] x, int n, int d) {
        float[] norms = new float[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += (double) x[i * d + j] * x[i * d + j];
            }
            norms[i] = (float) s;
        }
        return norms;
    }

    /** Max-heap on packed (distance, index) keys: the root is the worst kept neighbour. */
    private static void siftUp(long[] heap, int at, long key) {
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (key <= heap[parent]) {
                break;
            }
            heap[at] = heap[parent];
            at = parent;
        }
        heap[at] = key;
    }

    private static void replaceTop(long[] heap, int size, long key) {
        int at = 0;
        while (true) {
            int left = 2 * at + 1;
            if (left >= size) {
                break;
            }
            int child = left + 1 < size && heap[left + 1] > heap[left] ? left + 1 : left;
            if (heap[child] <= key) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = key;
    }
}
