package dev.loupe.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link Saxpy} with the Vector API: fused multiply-adds over the preferred float species, then a scalar tail. */
final class VectorSaxpy extends Saxpy {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @Override
    public void apply(float[] y, int yo, float[] x, int xo, int n, float a) {
        int j = 0;
        int step = SPECIES.length();
        FloatVector av = FloatVector.broadcast(SPECIES, a);
        for (; j <= n - step; j += step) {
            FloatVector.fromArray(SPECIES, x, xo + j).fma(av, FloatVector.fromArray(SPECIES, y, yo + j))
                    .intoArray(y, yo + j);
        }
        for (; j < n; j++) {
            y[yo + j] += a * x[xo + j];
        }
    }

    @Override
    public void applyAll(float[] y, int yo, float[] x, int[] offsets, float[] a, int count, int n) {
        int j = 0;
        int step = SPECIES.length();
        for (; j <= n - step; j += step) {
            FloatVector acc = FloatVector.fromArray(SPECIES, y, yo + j);
            for (int i = 0; i < count; i++) {
                acc = FloatVector.fromArray(SPECIES, x, offsets[i] + j).fma(FloatVector.broadcast(SPECIES, a[i]), acc);
            }
            acc.intoArray(y, yo + j);
        }
        for (; j < n; j++) {
            float sum = y[yo + j];
            for (int i = 0; i < count; i++) {
                sum += a[i] * x[offsets[i] + j];
            }
            y[yo + j] = sum;
        }
    }
}
