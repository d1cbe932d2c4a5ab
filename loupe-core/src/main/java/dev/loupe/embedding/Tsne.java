package dev.loupe.embedding;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.Random;

/**
 * t-SNE (van der Maaten &amp; Hinton, 2008) with the Barnes–Hut approximation of the repulsive forces
 * (van der Maaten, 2014): sparse perplexity-calibrated affinities over exact nearest neighbours, early exaggeration,
 * momentum and per-parameter gains, as in scikit-learn's implementation. Deterministic for a given seed and thread
 * count.
 */
public final class Tsne {
    /** Points per block of work handed to a thread. */
    private static final int BLOCK = 128;

    private final TsneConfig config;
    private final Parallel parallel;

    /** Progress of a run: called every few iterations, and once per phase. */
    @FunctionalInterface
    public interface Progress {
        /** No progress report. */
        Progress NONE = (phase, done, total, kl) -> {
        };

        /**
         * @param phase "affinities" or "optimise"
         * @param done  iterations done
         * @param total iterations in all
         * @param kl    the current KL divergence estimate, or NaN when not computed
         */
        void update(String phase, int done, int total, double kl);
    }

    /** A t-SNE with the given settings on the given threads. */
    public Tsne(TsneConfig config, Parallel parallel) {
        this.config = config;
        this.parallel = parallel;
    }

    /**
     * The result: the embedding {@code [n, 2]} and the final KL divergence (Barnes–Hut estimate).
     *
     * @param embedding    coordinates
     * @param klDivergence KL(P ‖ Q)
     */
    public record Result(Tensor embedding, double klDivergence) {
    }

    /** Embeds the rows of {@code x [n, d]} in two dimensions. */
    public Result fit(Tensor x, Progress progress) {
        if (x.rank() != 2) {
            throw new LoupeException("t-SNE needs a [n, d] matrix, got " + x.shapeString());
        }
        int n = x.dim(0);
        if (n < 4) {
            throw new LoupeException("t-SNE needs at least 4 points, got " + n);
        }
        progress.update("affinities", 0, 1, Double.NaN);
        Affinities p = Affinities.compute(x, config.perplexity(), parallel);
        progress.update("affinities", 1, 1, Double.NaN);
        float[] y = initialise(x);
        double kl = optimise(p, y, progress);
        return new Result(Tensor.wrap(y, n, 2), kl);
    }

    private float[] initialise(Tensor x) {
        int n = x.dim(0);
        float[] y = new float[2 * n];
        if (config.pcaInit() && x.dim(1) >= 2) {
            float[] pc = Pca.project(x, 2, parallel).data();
            double mean = 0, sq = 0;
            for (int i = 0; i < n; i++) {
                mean += pc[2 * i];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                sq += (pc[2 * i] - mean) * (pc[2 * i] - mean);
            }
            double scale = 1e-4 / Math.max(Math.sqrt(sq / n), 1e-12);
            for (int i = 0; i < 2 * n; i++) {
                y[i] = (float) (pc[i] * scale);
            }
        } else {
            Random random = new Random(config.seed());
            for (int i = 0; i < 2 * n; i++) {
                y[i] = (float) (random.nextGaussian() * 1e-4);
            }
        }
        return y;
    }

    private double optimise(Affinities p, float[] y, Progress progress) {
        int n = p.n;
        float[] update = new float[2 * n], gains = new float[2 * n], grad = new float[2 * n];
        java.util.Arrays.fill(gains, 1f);
        double rate = config.learningRateFor(n);
        int total = config.iterations();
        double kl = Double.NaN;
        for (int it = 0; it < total; it++) {
            boolean early = it < config.exaggerationIterations();
            double exaggeration = early ? config.earlyExaggeration() : 1;
            double momentum = early ? 0.5 : 0.8;
            boolean measure = it == total - 1 || (it + 1) % 50 == 0;
            double z = gradient(p, y, exaggeration, grad);
            for (int i = 0; i < 2 * n; i++) {
                boolean sameSign = update[i] * grad[i] > 0;
                gains[i] = Math.max(0.01f, sameSign ? gains[i] * 0.8f : gains[i] + 0.2f);
                update[i] = (float) (momentum * update[i] - rate * gains[i] * grad[i]);
                y[i] += update[i];
            }
            if (measure) {
                kl = klDivergence(p, y, z);
                progress.update("optimise", it + 1, total, kl);
            }
        }
        return kl;
    }

    /**
     * Writes {@code ∂KL/∂y} into {@code grad} and returns Z = Σ_{i≠j} (1 + ‖y_i − y_j‖²)⁻¹ (Barnes–Hut estimate).
     *
     * <p>The tree is built on one thread while the others compute the attractive forces over the sparse P; then
     * the repulsive forces are computed point by point in the tree's Z-order, so that consecutive walks share most
     * of the cells they visit. Work is handed out in blocks to whichever thread is free; each block writes only its
     * own outputs and Z is summed over blocks in block order, so the result does not depend on the timing.
     */
    double gradient(Affinities p, float[] y, double exaggeration, float[] grad) {
        int n = p.n;
        float[] repX = new float[n], repY = new float[n];
        float[] attraction = new float[2 * n];
        QuadTree[] tree = new QuadTree[1];
        int attractionBlocks = (n + BLOCK - 1) / BLOCK;
        parallel.forEachBalanced(1 + attractionBlocks, task -> {
            if (task == 0) {
                tree[0] = config.theta() > 0 ? new QuadTree(y, n) : null;
            } else {
                attract(p, y, (float) exaggeration, (task - 1) * BLOCK, Math.min(n, task * BLOCK), attraction);
            }
        });
        int blocks = (n + BLOCK - 1) / BLOCK;
        double[] partialZ = new double[blocks];
        float theta2 = (float) (config.theta() * config.theta());
        parallel.forEachBalanced(blocks, b -> {
            int from = b * BLOCK, to = Math.min(n, from + BLOCK);
            partialZ[b] = tree[0] == null ? repelExactly(y, n, from, to, repX, repY)
                    : repel(tree[0], y, theta2, from, to, repX, repY);
        });
        double z = 0;
        for (double v : partialZ) {
            z += v;
        }
        double invZ = 1 / Math.max(z, Double.MIN_NORMAL);
        for (int i = 0; i < n; i++) {
            grad[2 * i] = (float) (4 * (attraction[2 * i] - repX[i] * invZ));
            grad[2 * i + 1] = (float) (4 * (attraction[2 * i + 1] - repY[i] * invZ));
        }
        return z;
    }

    /**
     * The attractive forces Σ_j P_ij·exaggeration·q_ij·(y_i − y_j) of the points {@code [from, to)}, one tight loop
     * over each CSR row, in float: a row has a few hundred terms at most.
     */
    private static void attract(Affinities p, float[] y, float exaggeration, int from, int to, float[] out) {
        int[] rowStart = p.rowStart, columns = p.columns;
        float[] values = p.values;
        for (int i = from; i < to; i++) {
            float ax = 0, ay = 0;
            float yi = y[2 * i], yj = y[2 * i + 1];
            for (int t = rowStart[i], end = rowStart[i + 1]; t < end; t++) {
                int j = columns[t];
                float dx = yi - y[2 * j], dy = yj - y[2 * j + 1];
                float w = values[t] / (1 + dx * dx + dy * dy);
                ax += w * dx;
                ay += w * dy;
            }
            out[2 * i] = ax * exaggeration;
            out[2 * i + 1] = ay * exaggeration;
        }
    }

    /**
     * The unnormalised repulsive forces Σ_j q_ij²·(y_i − y_j) of the points at positions {@code [from, to)} of the
     * tree's order, by a Barnes–Hut walk; returns their share of Z.
     */
    private static double repel(QuadTree tree, float[] y, float theta2, int from, int to, float[] repX, float[] repY) {
        float[] groups = tree.groups;
        int[] order = tree.order, leafOf = tree.leafOf;
        // each level adds at most three groups to the stack, and there are at most QuadTree.MAX_DEPTH levels
        int[] stack = new int[4 * QuadTree.MAX_DEPTH + 8];
        double zSum = 0;
        for (int t = from; t < to; t++) {
            int i = order[t], self = leafOf[i];
            float yi = y[2 * i], yj = y[2 * i + 1];
            // a point's sums run over a few hundred cells: float keeps them to ~1e-6, far inside the θ error
            float fx = 0, fy = 0, zi = 0;
            int top = 1;
            stack[0] = 0;
            do {
                // test the four slots of a group: summarise each accepted cell, push each opened one's children
                int g = stack[--top], at = QuadTree.GROUP * g;
                for (int lane = 0; lane < 4; lane++) {
                    float dx = yi - groups[at + QuadTree.COM_X + lane], dy = yj - groups[at + QuadTree.COM_Y + lane];
                    float d2 = dx * dx + dy * dy;
                    float children = groups[at + QuadTree.CHILDREN + lane];
                    if (children < 0 || groups[at + QuadTree.WIDTH2 + lane] < theta2 * d2) {
                        // the point's own leaf counts one point fewer: the point itself is left out
                        float count = groups[at + QuadTree.COUNT + lane] - (4 * g + lane == self ? 1 : 0);
                        float q = 1 / (1 + d2);
                        float cq = count * q;
                        zi += cq;
                        fx += cq * q * dx;
                        fy += cq * q * dy;
                    } else {
                        stack[top++] = (int) children;
                    }
                }
            } while (top > 0);
            zSum += zi;
            repX[i] = fx;
            repY[i] = fy;
        }
        return zSum;
    }

    /** The exact O(n²) version of {@link #repel} (θ = 0), over the points {@code [from, to)} in index order. */
    private static double repelExactly(float[] y, int n, int from, int to, float[] repX, float[] repY) {
        double zSum = 0;
        for (int i = from; i < to; i++) {
            float yi = y[2 * i], yj = y[2 * i + 1];
            double fx = 0, fy = 0;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double dx = yi - y[2 * j], dy = yj - y[2 * j + 1];
                double q = 1 / (1 + dx * dx + dy * dy);
                zSum += q;
                fx += q * q * dx;
                fy += q * q * dy;
            }
            repX[i] = (float) fx;
            repY[i] = (float) fy;
        }
        return zSum;
    }

    /** KL(P ‖ Q) over the sparse P, with Q's normaliser {@code z}; summed by blocks of rows, in block order. */
    private double klDivergence(Affinities p, float[] y, double z) {
        int blocks = (p.n + BLOCK - 1) / BLOCK;
        double[] partial = new double[blocks];
        parallel.forEachBalanced(blocks, b -> {
            double kl = 0;
            for (int i = b * BLOCK, end = Math.min(p.n, i + BLOCK); i < end; i++) {
                for (int t = p.rowStart[i]; t < p.rowStart[i + 1]; t++) {
                    int j = p.columns[t];
                    double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                    double q = 1 / (1 + dx * dx + dy * dy) / z;
                    double pij = p.values[t];
                    if (pij > 0) {
                        kl += pij * Math.log(Math.max(pij, 1e-12) / Math.max(q, 1e-12));
                    }
                }
            }
            partial[b] = kl;
        });
        double kl = 0;
        for (double v : partial) {
            kl += v;
        }
        return kl;
    }
}
