package dev.loupe.tensor;

/**
 * The rectifier's element loops behind {@link Elementwise}, over a range {@code [from, to)} of flat arrays. The
 * Vector API version compares and blends whole vectors; the plain-Java one keeps or drops each element by a bit mask
 * built from the float's raw bits (half of a network's pre-activations are positive at random, so a
 * compare-and-branch per element would mispredict half the time). Both give the bits of the plain
 * {@code x > 0 ? g : 0}: a NaN gate drops, a kept NaN signal stays the same NaN, a dropped element is +0.
 */
abstract class RectifierKernel {
    /** The raw bits of +∞; positive floats lie in {@code (0, POSITIVE_INFINITY_BITS]}. */
    private static final int POSITIVE_INFINITY_BITS = 0x7f800000;

    /** The implementation chosen at class initialisation. */
    static final RectifierKernel INSTANCE =
            VectorApi.choose("dev.loupe.tensor.VectorRectifierKernel", RectifierKernel.class, Scalar::new);

    /** {@code out[i] = max(x[i], 0)} as {@link Math#max(float, float)}: NaN stays NaN, −0 becomes +0. */
    abstract void positivePart(float[] x, float[] out, int from, int to);

    /** {@code out[i] = gate[i] > 0 && (!both || signal[i] > 0) ? signal[i] : +0}. */
    abstract void gated(float[] gate, float[] signal, float[] out, int from, int to, boolean both);

    static void positivePartScalar(float[] x, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = Math.max(x[i], 0f);
        }
    }

    static void gatedScalar(float[] gate, float[] signal, float[] out, int from, int to, boolean both) {
        for (int i = from; i < to; i++) {
            int s = Float.floatToRawIntBits(signal[i]);
            int keep = positiveBitsMask(Float.floatToRawIntBits(gate[i])) & (both ? positiveBitsMask(s) : -1);
            out[i] = Float.intBitsToFloat(s & keep);
        }
    }

    /**
     * All ones when the float with raw bits {@code b} is strictly positive: {@code b} is a positive int (sign bit
     * clear, not +0) and at most the bits of +∞ (not a NaN). Each condition is a sign bit, and-ed together.
     */
    private static int positiveBitsMask(int b) {
        return (-b & (b - POSITIVE_INFINITY_BITS - 1)) >> 31;
    }


    /** Plain Java. */
    static final class Scalar extends RectifierKernel {
        @Override
        void positivePart(float[] x, float[] out, int from, int to) {
            positivePartScalar(x, out, from, to);
        }

        @Override
        void gated(float[] gate, float[] signal, float[] out, int from, int to, boolean both) {
            gatedScalar(gate, signal, out, from, to, both);
        }
    }
}
