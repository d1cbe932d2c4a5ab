package dev.loupe.embedding;

import dev.loupe.tensor.Gemm;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.Random;

/**
 * Principal component analysis: the covariance matrix is computed with one GEMM and its leading eigenvectors by
 * randomized subspace iteration.
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

    /**
     * The {@code c} leading eigenvectors of the symmetric positive semi-definite {@code d × d} matrix, by randomized
     * subspace iteration with {@code c + 10} vectors followed by a Rayleigh–Ritz step (Halko et al., 2011): the
     * small projected matrix is diagonalised with cyclic Jacobi rotations.
     */
    static double[][] leadingEigenvectors(float[] m, int d, int c) {
        int k = Math.min(d, c + 10);
        Random random = new Random(0);
        double[][] q = new double[k][d];
        for (double[] row : q) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
        }
        orthonormalise(q);
        for (int iter = 0; iter < 12; iter++) {
            q = multiply(m, d, q);
            orthonormalise(q);
        }
        double[][] mq = multiply(m, d, q);
        double[][] b = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int e = 0; e < k; e++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += q[a][j] * mq[e][j];
                }
                b[a][e] = s;
            }
        }
        double[][] vectors = new double[k][k];
        double[] values = jacobi(b, vectors);
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
        double[][] v = new double[c][d];
        for (int a = 0; a < c; a++) {
            int col = order[a];
            for (int e = 0; e < k; e++) {
                for (int j = 0; j < d; j++) {
                    v[a][j] += vectors[e][col] * q[e][j];
                }
            }
            int big = 0;
            for (int j = 1; j < d; j++) {
                if (Math.abs(v[a][j]) > Math.abs(v[a][big])) {
                    big = j;
                }
            }
            if (v[a][big] < 0) {
                for (int j = 0; j < d; j++) {
                    v[a][j] = -v[a][j];
                }
            }
        }
        return v;
    }

    /** Rows of the result are {@code M · row} for each row of {@code q}. */
    private static double[][] multiply(float[] m, int d, double[][] q) {
        double[][] out = new double[q.length][d];
        for (int a = 0; a < q.length; a++) {
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += m[i * d + j] * q[a][j];
                }
                out[a][i] = s;
            }
        }
        return out;
    }

    /**
     * Eigenvalues of the small symmetric matrix {@code a} (destroyed) by cyclic Jacobi rotations; the eigenvectors
     * are written into the columns of {@code v}.
     */
    static double[] jacobi(double[][] a, double[][] v) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(v[i], 0);
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int r = p + 1; r < n; r++) {
                    if (Math.abs(a[p][r]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[r][r] - a[p][p]) / (2 * a[p][r]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double cos = 1 / Math.sqrt(t * t + 1), sin = t * cos;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p], akr = a[k][r];
                        a[k][p] = cos * akp - sin * akr;
                        a[k][r] = sin * akp + cos * akr;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k], ark = a[r][k];
                        a[p][k] = cos * apk - sin * ark;
                        a[r][k] = sin * apk + cos * ark;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p], vkr = v[k][r];
                        v[k][p] = cos * vkp - sin * vkr;
                        v[k][r] = sin * vkp + cos * vkr;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        return values;
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
