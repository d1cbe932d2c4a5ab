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
     */
    double gradient(Affinities p, float[] y, double exaggeration, float[] grad) {
        int n = p.n;
        float[] repX = new float[n], repY = new float[n];
        int chunks = parallel.chunks(n);
        double[] partialZ = new double[chunks];
        double theta2 = config.theta() * config.theta();
        QuadTree tree = config.theta() > 0 ? new QuadTree(y, n) : null;
        parallel.forChunks(n, (from, to, chunk) -> {
            int[] stack = new int[256];
            double zSum = 0;
            for (int i = from; i < to; i++) {
                float yi = y[2 * i], yj = y[2 * i + 1];
                double fx = 0, fy = 0;
                if (tree == null) {
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
                } else {
                    int top = 0;
                    stack[top++] = 0;
                    float theta2f = (float) theta2;
                    while (top > 0) {
                        int c = stack[--top];
                        float dx = yi - tree.comX[c], dy = yj - tree.comY[c];
                        float d2 = dx * dx + dy * dy;
                        int first = tree.firstChild[c];
                        if (first < 0 || tree.width2[c] < theta2f * d2) {
                            int count = tree.count[c];
                            if (first < 0 && d2 == 0) {
                                // a leaf at the query point: exclude the point itself
                                count -= containsIndex(tree, c, i) ? 1 : 0;
                                if (count == 0) {
                                    continue;
                                }
                            }
                            float q = 1 / (1 + d2);
                            float cq = count * q;
                            zSum += cq;
                            fx += cq * q * dx;
                            fy += cq * q * dy;
                        } else {
                            // depth ≤ QuadTree.MAX_DEPTH, so the stack never holds more than 3·depth + 4 cells
                            for (int k = 0, kids = tree.childCount[c]; k < kids; k++) {
                                stack[top++] = first + k;
                            }
                        }
                    }
                }
                repX[i] = (float) fx;
                repY[i] = (float) fy;
            }
            partialZ[chunk] = zSum;
        });
        double z = 0;
        for (double v : partialZ) {
            z += v;
        }
        double invZ = 1 / Math.max(z, Double.MIN_NORMAL);
        parallel.forChunks(n, (from, to, chunk) -> {
            for (int i = from; i < to; i++) {
                double ax = 0, ay = 0;
                float yi = y[2 * i], yj = y[2 * i + 1];
                for (int t = p.rowStart[i]; t < p.rowStart[i + 1]; t++) {
                    int j = p.columns[t];
                    double dx = yi - y[2 * j], dy = yj - y[2 * j + 1];
                    double w = p.values[t] * exaggeration / (1 + dx * dx + dy * dy);
                    ax += w * dx;
                    ay += w * dy;
                }
                grad[2 * i] = (float) (4 * (ax - repX[i] * invZ));
                grad[2 * i + 1] = (float) (4 * (ay - repY[i] * invZ));
            }
        });
        return z;
    }

    private static boolean containsIndex(QuadTree tree, int cell, int i) {
        for (int t = tree.leafStart[cell]; t < tree.leafStart[cell] + tree.count[cell]; t++) {
            if (tree.order[t] == i) {
                return true;
            }
        }
        return false;
    }

    /** KL(P ‖ Q) over the sparse P, with Q's normaliser {@code z}. */
    private static double klDivergence(Affinities p, float[] y, double z) {
        double kl = 0;
        for (int i = 0; i < p.n; i++) {
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
        return kl;
    }
}
