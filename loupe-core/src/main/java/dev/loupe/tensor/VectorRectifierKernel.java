package dev.loupe.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link RectifierKernel} on the Vector API: lane-wise maxima, and compares with blends; a plain-Java tail. */
final class VectorRectifierKernel extends RectifierKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    void positivePart(float[] x, float[] out, int from, int to) {
        int i = from;
        for (; i <= to - L; i += L) {
            FloatVector.fromArray(S, x, i).max(0f).intoArray(out, i);
        }
        positivePartScalar(x, out, i, to);
    }

    @Override
    void gated(float[] gate, float[] signal, float[] out, int from, int to, boolean both) {
        int i = from;
        for (; i <= to - L; i += L) {
            FloatVector s = FloatVector.fromArray(S, signal, i);
            // GT is false for NaN, ±0 and negatives, as x > 0 is
            VectorMask<Float> keep = FloatVector.fromArray(S, gate, i).compare(VectorOperators.GT, 0f);
            if (both) {
                keep = keep.and(s.compare(VectorOperators.GT, 0f));
            }
            FloatVector.zero(S).blend(s, keep).intoArray(out, i);
        }
        gatedScalar(gate, signal, out, i, to, both);
    }
}
