package dev.loupe.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** {@link Gather} with the Vector API's indexed loads over the preferred float species. */
final class VectorGather extends Gather {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    int width() {
        return L;
    }

    @Override
    void apply(float[] src, int off, int[] index, int from, float[] dst, int d, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector.fromArray(S, src, off, index, from + i).intoArray(dst, d + i);
        }
    }
}
