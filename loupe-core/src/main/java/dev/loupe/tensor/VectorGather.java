package dev.loupe.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link Gather} with the Vector API's indexed loads, or two loads and a blend, over the preferred float species. */
final class VectorGather extends Gather {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Lane i holds i. */
    private static final float[] LANES = new float[L];

    static {
        for (int i = 0; i < L; i++) {
            LANES[i] = i;
        }
    }

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

    @Override
    void runs(float[] src, int[] tap, int r0, int r1, int first, int second, int split, float[] dst, int d,
              int step) {
        if (split >= L) {
            for (int r = r0; r < r1; r++, d += step) {
                FloatVector.fromArray(S, src, first + tap[r]).intoArray(dst, d);
            }
            return;
        }
        VectorMask<Float> later = FloatVector.fromArray(S, LANES, 0).compare(VectorOperators.GE, (float) split);
        for (int r = r0; r < r1; r++, d += step) {
            FloatVector.fromArray(S, src, first + tap[r])
                    .blend(FloatVector.fromArray(S, src, second + tap[r]), later).intoArray(dst, d);
        }
    }
}
