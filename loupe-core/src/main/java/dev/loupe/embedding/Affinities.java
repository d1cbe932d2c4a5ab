package dev.loupe.embedding;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.Arrays;

/**
 * The sparse symmetric input similarities P of t-SNE: for each point, a Gaussian over its {@code 3·perplexity}
 * exact nearest neighbours whose bandwidth is found by bisection so that the conditional distribution has the
 * requested perplexity; then {@code P = (P_{j|i} + P_{i|j}) / 2n}. Stored in compressed sparse rows.
 */
final class Affinities {
    final int n;
    final int[] rowStart;
    final int[] columns;
    final float[] values;

    private Affinities(int n, int[] rowStart, int[] columns, float[] values) {
        this.n = n;
        this.rowStart = rowStart;
        this.columns = columns;
        this.values = values;
    }

    static Affinities compute(Tensor x, double perplexity, Parallel parallel) {
        int n = x.dim(0);
        int k = (int) Math.min(n - 1, Math.floor(3 * perplexity));
        if (n < 2 || perplexity >= n) {
            throw new LoupeException("perplexity " + perplexity + " is too large for " + n
                    + " points; it must be below the number of points (typically 5 to 50)");
        }
        NearestNeighbours.Result knn = NearestNeighbours.search(x, x, k, true, parallel);
        float[][] conditional = new float[n][];
        parallel.forEach(n, i -> conditional[i] = conditionalRow(knn.squaredDistances()[i], perplexity));
        // symmetrise: gather both directions per row, then merge duplicates
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j : knn.indices()[i]) {
                counts[i]++;
                counts[j]++;
            }
        }
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + counts[i];
        }
        int[] cols = new int[start[n]];
        float[] vals = new float[start[n]];
        int[] fill = Arrays.copyOf(start, n);
        for (int i = 0; i < n; i++) {
            int[] nb = knn.indices()[i];
            for (int t = 0; t < nb.length; t++) {
                int j = nb[t];
                float p = conditional[i][t];
                cols[fill[i]] = j;
                vals[fill[i]++] = p;
                cols[fill[j]] = i;
                vals[fill[j]++] = p;
            }
        }
        int[] outStart = new int[n + 1];
        int[] outCols = new int[start[n]];
        float[] outVals = new float[start[n]];
        double total = 0;
        int w = 0;
        for (int i = 0; i < n; i++) {
            outStart[i] = w;
            int from = start[i], to = start[i + 1];
            long[] packed = new long[to - from];
            for (int t = from; t < to; t++) {
                packed[t - from] = ((long) cols[t] << 32) | (t & 0xffffffffL);
            }
            Arrays.sort(packed);
            for (int t = 0; t < packed.length; t++) {
                int col = (int) (packed[t] >>> 32);
                float v = vals[(int) packed[t]];
                if (w > outStart[i] && outCols[w - 1] == col) {
                    outVals[w - 1] += v;
                } else {
                    outCols[w] = col;
                    outVals[w++] = v;
                }
                total += v;
            }
        }
        outStart[n] = w;
        float scale = (float) (1 / Math.max(total, Double.MIN_NORMAL));
        for (int t = 0; t < w; t++) {
            outVals[t] *= scale;
        }
        return new Affinities(n, outStart, Arrays.copyOf(outCols, w), Arrays.copyOf(outVals, w));
    }

    /**
     * P_{j|i} over the neighbours at squared distances {@code d}, with entropy log(perplexity) (natural log). The
     * distances are shifted by their minimum before exponentiation, which leaves P unchanged and avoids underflow.
     */
    static float[] conditionalRow(float[] d, double perplexity) {
        double target = Math.log(perplexity);
        double beta = 1, lo = Double.NEGATIVE_INFINITY, hi = Double.POSITIVE_INFINITY;
        double[] p = new double[d.length];
        float min = Float.POSITIVE_INFINITY;
        for (float v : d) {
            min = Math.min(min, v);
        }
        for (int iter = 0; iter < 200; iter++) {
            double sum = 0;
            for (int j = 0; j < d.length; j++) {
                p[j] = Math.exp(-(d[j] - min) * beta);
                sum += p[j];
            }
            if (sum == 0) {
                sum = 1e-8;
            }
            double weighted = 0;
            for (int j = 0; j < d.length; j++) {
                weighted += (d[j] - min) * p[j];
            }
            double entropy = Math.log(sum) + beta * weighted / sum;
            for (int j = 0; j < d.length; j++) {
                p[j] /= sum;
            }
            double diff = entropy - target;
            if (Math.abs(diff) <= 1e-5) {
                break;
            }
            if (diff > 0) {
                lo = beta;
                beta = hi == Double.POSITIVE_INFINITY ? beta * 2 : (beta + hi) / 2;
            } else {
                hi = beta;
                beta = lo == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + lo) / 2;
            }
        }
        float[] out = new float[d.length];
        for (int j = 0; j < d.length; j++) {
            out[j] = (float) p[j];
        }
        return out;
    }
}
