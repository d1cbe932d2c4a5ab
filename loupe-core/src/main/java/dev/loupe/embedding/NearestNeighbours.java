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
        parallel.forEach(blocks, b -> {
            int from = b * BLOCK, rows = Math.min(BLOCK, m - from);
            float[] dots = new float[rows * n];
            Gemm.sgemm(false, true, rows, n, d, q, from * d, d, x, 0, d, false, dots, 0, n, Parallel.serial());
            int[] heapIdx = new int[k];
            float[] heapDist = new float[k];
            for (int r = 0; r < rows; r++) {
                int i = from + r;
                int size = 0;
                for (int j = 0; j < n; j++) {
                    if (excludeSelf && j == i) {
                        continue;
                    }
                    float dist = Math.max(0f, qNorm[i] + xNorm[j] - 2 * dots[r * n + j]);
                    if (size < k) {
                        siftUp(heapDist, heapIdx, size++, dist, j);
                    } else if (dist < heapDist[0] || dist == heapDist[0] && j < heapIdx[0]) {
                        replaceTop(heapDist, heapIdx, k, dist, j);
                    }
                }
                Integer[] order = new Integer[k];
                for (int t = 0; t < k; t++) {
                    order[t] = t;
                }
                Arrays.sort(order, (a, c) -> heapDist[a] != heapDist[c] ? Float.compare(heapDist[a], heapDist[c])
                        : Integer.compare(heapIdx[a], heapIdx[c]));
                indices[i] = new int[k];
                distances[i] = new float[k];
                for (int t = 0; t < k; t++) {
                    indices[i][t] = heapIdx[order[t]];
                    distances[i][t] = heapDist[order[t]];
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

    /** Max-heap on (distance, index): the root is the worst kept neighbour. */
    private static boolean worse(float da, int ia, float db, int ib) {
        return da > db || da == db && ia > ib;
    }

    private static void siftUp(float[] dist, int[] idx, int at, float d, int j) {
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (!worse(d, j, dist[parent], idx[parent])) {
                break;
            }
            dist[at] = dist[parent];
            idx[at] = idx[parent];
            at = parent;
        }
        dist[at] = d;
        idx[at] = j;
    }

    private static void replaceTop(float[] dist, int[] idx, int size, float d, int j) {
        int at = 0;
        while (true) {
            int left = 2 * at + 1;
            if (left >= size) {
                break;
            }
            int child = left + 1 < size && worse(dist[left + 1], idx[left + 1], dist[left], idx[left]) ? left + 1 : left;
            if (!worse(dist[child], idx[child], d, j)) {
                break;
            }
            dist[at] = dist[child];
            idx[at] = idx[child];
            at = child;
        }
        dist[at] = d;
        idx[at] = j;
    }
}
