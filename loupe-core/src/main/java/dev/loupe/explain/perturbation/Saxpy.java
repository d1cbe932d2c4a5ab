package dev.loupe.explain.perturbation;

import dev.loupe.tensor.VectorApi;

/**
 * {@code y[yo .. yo+n) += a · x[xo .. xo+n)}, the inner loop of the incremental scatters. The Vector API version
 * ({@code jdk.incubator.vector}, fused multiply-add over the widest float vector) is used when that module is in the
 * boot layer and the system property {@code loupe.vector} is not {@code false}; otherwise plain Java, which the JIT of
 * Java 17 does not vectorize for this pattern (about 6× slower on AVX-512).
 */
abstract class Saxpy {
    /** The implementation chosen at class initialisation. */
    static final Saxpy INSTANCE = load();

    abstract void apply(float[] y, int yo, float[] x, int xo, int n, float a);

    private static Saxpy load() {
        Saxpy vector = VectorApi.enabled()
                ? VectorApi.load("dev.loupe.explain.perturbation.VectorSaxpy", Saxpy.class) : null;
        return vector != null ? vector : new Scalar();
    }

    /** Plain loops. */
    static final class Scalar extends Saxpy {
        @Override
        void apply(float[] y, int yo, float[] x, int xo, int n, float a) {
            for (int j = 0; j < n; j++) {
                y[yo + j] += a * x[xo + j];
            }
        }
    }
}
