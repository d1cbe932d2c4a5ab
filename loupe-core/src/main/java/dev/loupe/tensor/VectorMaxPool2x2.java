package dev.loupe.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MaxPool2x2} on the Vector API: each step gathers the four candidates of {@code L} consecutive windows
 * (16 with AVX-512), takes lane-wise maxima ({@code MAX} is {@link Math#max(float, float)} lane by lane) and, for
 * switches, blends the first winning candidate and its offset in the window. The windows past the last whole
 * vector go through the plain-Java loop.
 */
final class VectorMaxPool2x2 extends MaxPool2x2 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    void maxima(float[] x, int in0, int w, int[] corner, float[] y, int out0) {
        int whole = corner.length / L * L;
        for (int t = 0; t < whole; t += L) {
            FloatVector v0 = FloatVector.fromArray(S, x, in0, corner, t);
            FloatVector v1 = FloatVector.fromArray(S, x, in0 + 1, corner, t);
            FloatVector v2 = FloatVector.fromArray(S, x, in0 + w, corner, t);
            FloatVector v3 = FloatVector.fromArray(S, x, in0 + w + 1, corner, t);
            v0.max(v1).max(v2.max(v3)).intoArray(y, out0 + t);
        }
        maximaScalar(x, in0, w, corner, whole, y, out0);
    }

    @Override
    void maximaAndSwitches(float[] x, int in0, int w, int[] corner, float[] y, int[] argmax, int out0) {
        int whole = corner.length / L * L;
        float[] offset = new float[L];
        for (int t = 0; t < whole; t += L) {
            FloatVector v0 = FloatVector.fromArray(S, x, in0, corner, t);
            FloatVector v1 = FloatVector.fromArray(S, x, in0 + 1, corner, t);
            FloatVector v2 = FloatVector.fromArray(S, x, in0 + w, corner, t);
            FloatVector v3 = FloatVector.fromArray(S, x, in0 + w + 1, corner, t);
            FloatVector m = v0.max(v1).max(v2.max(v3));
            VectorMask<Float> w0 = wins(v0, m), w1 = wins(v1, m), w2 = wins(v2, m);
            v3.blend(v2, w2).blend(v1, w1).blend(v0, w0).intoArray(y, out0 + t);
            // the winner's offset in its window, as exact small floats (int vectors and conversions fall back to
            // plain Java in Java 17's Vector API here, at a fifth of the speed)
            FloatVector.broadcast(S, w + 1).blend(w, w2).blend(1, w1).blend(0, w0).intoArray(offset, 0);
            for (int lane = 0; lane < L; lane++) {
                argmax[out0 + t + lane] = in0 + corner[t + lane] + (int) offset[lane];
            }
        }
        maximaAndSwitchesScalar(x, in0, w, corner, whole, y, argmax, out0);
    }

    /** Lanes where the candidate equals the maximum or is NaN. */
    private static VectorMask<Float> wins(FloatVector v, FloatVector m) {
        return v.eq(m).or(v.test(VectorOperators.IS_NAN));
    }
}
