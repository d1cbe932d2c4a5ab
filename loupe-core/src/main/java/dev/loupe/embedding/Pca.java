package dev.loupe.embedding;

import dev.loupe.tensor.Gemm;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.Random;

/**
 * Principal component analysis by the eigen-decomposition of the covariance matrix (computed with one GEMM) and
 * orthogonal (subspace) iteration for the leading components.
 */
public final class Pca {
    private Pca() {
    }

    /**
     * Projects {@code x [n, d]} onto its first {@code components} principal axes: {@code [n, components]}. The sign
     * of each axis is fixed so that its largest-magnitude loading is positive, which makes the result deterministic.
     */
    public static Tensor project(Tensor x, int components, Parallel parallel) {
        int n = x.dim(0), d = x.dim(1);
        int c = Math.min(components, d);
        float[] centred = x.data().clone();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += centred[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centred[i * d + j] -= (float) mean[j];
            }
        }
        float[] cov = new float[d * d];
        Gemm.sgemm(true, false, d, d, n, centred, 0, d, centred, 0, d, false, cov, 0, d, parallel);
        double[][] axes = leadingEigenvectors(cov, d, c);
        Tensor out = Tensor.zeros(n, components);
        float[] o = out.data();
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < c; a++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += centred[i * d + j] * axes[a][j];
                }
                o[i * components + a] = (float) s;
            }
        }
        return out;
    }

    /** The {@code c} leading eigenvectors of the symmetric {@code d × d} matrix, by orthogonal iteration. */
    static double[][] leadingEigenvectors(float[] m, int d, int c) {
        Random random = new Random(0);
        double[][] v = new double[c][d];
        for (double[] row : v) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
        }
        orthonormalise(v);
        for (int iter = 0; iter < 500; iter++) {
            double[][] next = new double[c][d];
            for (int a = 0; a < c; a++) {
                for (int i = 0; i < d; i++) {
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        s += m[i * d + j] * v[a][j];
                    }
                    next[a][i] = s;
                }
            }
            orthonormalise(next);
            double change = 0;
            for (int a = 0; a < c; a++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += next[a][j] * v[a][j];
                }
                change = Math.max(change, 1 - Math.abs(dot));
            }
            v = next;
            if (change < 1e-12) {
                break;
            }
        }
        for (double[] axis : v) {
            int big = 0;
            for (int j = 1; j < d; j++) {
                if (Math.abs(axis[j]) > Math.abs(axis[big])) {
                    big = j;
                }
            }
            if (axis[big] < 0) {
                for (int j = 0; j < d; j++) {
                    axis[j] = -axis[j];
                }
            }
        }
        return v;
    }

    private static void orthonormalise(double[][] v) {
        for (int a = 0; a < v.length; a++) {
            for (int b = 0; b < a; b++) {
                double dot = 0;
                for (int j = 0; j < v[a].length; j++) {
                    dot += v[a][j] * v[b][j];
                }
                for (int j = 0; j < v[a].length; j++) {
                    v[a][j] -= dot * v[b][j];
                }
            }
            double norm = 0;
            for (double x : v[a]) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < v[a].length; j++) {
                v[a][j] /= norm == 0 ? 1 : norm;
            }
        }
    }
}
