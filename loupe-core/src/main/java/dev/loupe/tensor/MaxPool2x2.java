package dev.loupe.tensor;

/**
 * Max pooling with the common 2×2 window, stride 2 and no padding, on whole planes: {@code y[o, oy, ox]} is the
 * largest of {@code x[o, 2oy + i, 2ox + j]} for {@code i, j ∈ {0, 1}}, with the plane sizes {@code [h, w]} in and
 * {@code [oh, ow]} out ({@code 2·oh ≤ h}, {@code 2·ow ≤ w}; a last odd row or column is not read).
 *
 * <p>Maxima follow {@link Math#max(float, float)}: a NaN wins, and of tied zeros +0 does. With switches the rule is
 * PyTorch's on CPU instead: candidates in row-major order, and only a strictly greater value, or a first NaN,
 * replaces the current one; the output is then the winning input itself (a leading −0 stays −0) and the switch is
 * its index in {@code x}.
 *
 * <p>The Vector API version gathers sixteen windows at a time (the planes of small CNNs have rows of 12 or 4
 * outputs, too short to vectorize row by row); plain Java is used when the module is absent.
 */
public abstract class MaxPool2x2 {
    private static final MaxPool2x2 INSTANCE =
            VectorApi.choose("dev.loupe.tensor.VectorMaxPool2x2", MaxPool2x2.class, Scalar::new);

    /** Planes with fewer outputs than this are pooled several at a time, as one run of windows this long. */
    private static final int SMALL_PLANE = 64;

    MaxPool2x2() {
    }

    /** The fastest available implementation. */
    public static MaxPool2x2 instance() {
        return INSTANCE;
    }

    /**
     * Pools planes {@code [first, first+count)} of {@code x} (each {@code h·w} floats) into the same planes of
     * {@code y} (each {@code oh·ow}), recording switches in {@code argmax} (same layout as {@code y}) unless it is
     * null.
     */
    public final void pool(float[] x, int first, int count, int h, int w, float[] y, int[] argmax, int oh, int ow) {
        int outputs = oh * ow;
        // the windows of several small planes in one run, so that a vector version's scalar tail comes once per run
        // instead of once per plane (occlusion pools planes of 3×3 to 6×6 outputs)
        int planes = outputs < SMALL_PLANE ? Math.min(count, Math.max(1, SMALL_PLANE / outputs)) : 1;
        int[] whole = corners(w, oh, ow, planes, h * w);
        for (int p0 = first; p0 < first + count; p0 += planes) {
            int n = Math.min(planes, first + count - p0);
            int[] corner = n == planes ? whole : corners(w, oh, ow, n, h * w);
            if (argmax == null) {
                maxima(x, p0 * h * w, w, corner, y, p0 * outputs);
            } else {
                maximaAndSwitches(x, p0 * h * w, w, corner, y, argmax, p0 * outputs);
            }
        }
    }

    /**
     * Offsets of each window's top-left input for {@code planes} consecutive planes {@code stride} floats apart, in
     * output order: {@code plane·stride + 2oy·w + 2ox}.
     */
    private static int[] corners(int w, int oh, int ow, int planes, int stride) {
        int[] corner = new int[planes * oh * ow];
        for (int plane = 0, t = 0; plane < planes; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, t++) {
                    corner[t] = plane * stride + 2 * oy * w + 2 * ox;
                }
            }
        }
        return corner;
    }

    /** The maxima of one plane, window {@code t} at {@code x[in0 + corner[t]]}, to {@code y[out0 + t]}. */
    abstract void maxima(float[] x, int in0, int w, int[] corner, float[] y, int out0);

    /** {@link #maxima} with switches. */
    abstract void maximaAndSwitches(float[] x, int in0, int w, int[] corner, float[] y, int[] argmax, int out0);

    /** Windows {@code [from, corner.length)} of {@link #maxima}, one at a time. */
    static void maximaScalar(float[] x, int in0, int w, int[] corner, int from, float[] y, int out0) {
        for (int t = from; t < corner.length; t++) {
            int a = in0 + corner[t], b = a + w;
            y[out0 + t] = Math.max(Math.max(x[a], x[a + 1]), Math.max(x[b], x[b + 1]));
        }
    }

    /**
     * Windows {@code [from, corner.length)} of {@link #maximaAndSwitches}, one at a time. The winner is the first
     * candidate equal to the maximum, or the first NaN: the strict rule's choice, found without a branch per
     * candidate (which of the four wins is random on real activations, so compare-and-branch mispredicts).
     */
    static void maximaAndSwitchesScalar(float[] x, int in0, int w, int[] corner, int from, float[] y, int[] argmax,
                                        int out0) {
        for (int t = from; t < corner.length; t++) {
            int a = in0 + corner[t], b = a + w;
            float v0 = x[a], v1 = x[a + 1], v2 = x[b], v3 = x[b + 1];
            float m = Math.max(Math.max(v0, v1), Math.max(v2, v3));
            int at = pick(wins(v2, m), b, b + 1);
            at = pick(wins(v1, m), a + 1, at);
            at = pick(wins(v0, m), a, at);
            y[out0 + t] = x[at];
            argmax[out0 + t] = at;
        }
    }

    /** All ones when candidate {@code v} can win against the maximum {@code m}: equal to it, or NaN. */
    private static int wins(float v, float m) {
        return v == m || v != v ? -1 : 0;
    }

    /** {@code mask == −1 ? chosen : other}, without a branch. */
    private static int pick(int mask, int chosen, int other) {
        return other ^ ((chosen ^ other) & mask);
    }


    /** Plain Java. */
    static final class Scalar extends MaxPool2x2 {
        @Override
        void maxima(float[] x, int in0, int w, int[] corner, float[] y, int out0) {
            maximaScalar(x, in0, w, corner, 0, y, out0);
        }

        @Override
        void maximaAndSwitches(float[] x, int in0, int w, int[] corner, float[] y, int[] argmax, int out0) {
            maximaAndSwitchesScalar(x, in0, w, corner, 0, y, argmax, out0);
        }
    }
}
