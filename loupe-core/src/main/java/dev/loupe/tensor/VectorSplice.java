package dev.loupe.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link Splice} with the Vector API: a row of up to one vector of the preferred float species in one step. */
final class VectorSplice extends Splice {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Lane i holds i. */
    private static final FloatVector LANES;

    static {
        float[] lanes = new float[L];
        for (int i = 0; i < L; i++) {
            lanes[i] = i;
        }
        LANES = FloatVector.fromArray(S, lanes, 0);
    }

    @Override
    public void row(float[] base, int b, float[] patch, int p, int from, int to, float[] dst, int d, int n,
                    boolean spill) {
        boolean patched = from < to;
        if (n > L || !spill || b < 0 || b + L > base.length || d + L > dst.length
                || patched && (p < 0 || p + L > patch.length)) {
            super.row(base, b, patch, p, from, to, dst, d, n, spill);
            return;
        }
        FloatVector row = FloatVector.fromArray(S, base, b);
        if (patched) {
            VectorMask<Float> inside = LANES.compare(VectorOperators.GE, (float) from)
                    .and(LANES.compare(VectorOperators.LT, (float) to));
            row = row.blend(FloatVector.fromArray(S, patch, p), inside);
        }
        row.intoArray(dst, d);
    }

    @Override
    public int width() {
        return L;
    }
}
