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

    /**
     * Runs in blocks of eight, six, four, two and one: in the wide blocks each run's sum is one chain over the terms,
     * and the chains of a block side by side share each term's broadcast and offset and cover the multiply-add
     * latency; the last one or two runs are summed in two chains each. Each block width
     * is a method of its own, so that C2 compiles each loop with its vectors in registers (see
     * {@link VectorGemmKernel}). Measured on AVX-512: two chains per run in the wide blocks too was slower, not
     * faster, as the loop is bound by its scattered loads, but two runs alone in two chains were latency-bound.
     */
    @Override
    public void addCombinations(float[] y, int yo, int[] yAt, float[] x, int xo, int[] xAt, int firstRun, int runs,
                                int[] offsets, float[] a, int from, int to) {
        int r = firstRun;
        // blocks of eight while what is left still fills a block of at least four; no block narrower than four
        // chains is left but the last one or two runs, which are summed in two chains each instead
        for (; runs - r >= 8 && (runs - r == 8 || runs - r >= 12); r += 8) {
            eightRuns(y, yo, yAt, x, xo, xAt, r, offsets, a, from, to);
        }
        if (runs - r >= 6) {
            sixRuns(y, yo, yAt, x, xo, xAt, r, offsets, a, from, to);
            r += 6;
        }
        for (; runs - r >= 4; r += 4) {
            fourRuns(y, yo, yAt, x, xo, xAt, r, offsets, a, from, to);
        }
        if (runs - r >= 2) {
            twoRuns(y, yo, yAt, x, xo, xAt, r, offsets, a, from, to);
            r += 2;
        }
        if (r < runs) {
            oneRun(y, yo + yAt[r], x, xo + xAt[r], offsets, a, from, to);
        }
    }

    private static void eightRuns(float[] y, int yo, int[] yAt, float[] x, int xo, int[] xAt, int r, int[] offsets,
                                  float[] a, int from, int to) {
        int x0 = xo + xAt[r], x1 = xo + xAt[r + 1], x2 = xo + xAt[r + 2], x3 = xo + xAt[r + 3];
        int x4 = xo + xAt[r + 4], x5 = xo + xAt[r + 5], x6 = xo + xAt[r + 6], x7 = xo + xAt[r + 7];
        FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int i = from; i < to; i++) {
            FloatVector ai = FloatVector.broadcast(SPECIES, a[i]);
            int at = offsets[i];
            s0 = FloatVector.fromArray(SPECIES, x, x0 + at).fma(ai, s0);
            s1 = FloatVector.fromArray(SPECIES, x, x1 + at).fma(ai, s1);
            s2 = FloatVector.fromArray(SPECIES, x, x2 + at).fma(ai, s2);
            s3 = FloatVector.fromArray(SPECIES, x, x3 + at).fma(ai, s3);
            s4 = FloatVector.fromArray(SPECIES, x, x4 + at).fma(ai, s4);
            s5 = FloatVector.fromArray(SPECIES, x, x5 + at).fma(ai, s5);
            s6 = FloatVector.fromArray(SPECIES, x, x6 + at).fma(ai, s6);
            s7 = FloatVector.fromArray(SPECIES, x, x7 + at).fma(ai, s7);
        }
        s0.add(FloatVector.fromArray(SPECIES, y, yo + yAt[r])).intoArray(y, yo + yAt[r]);
        s1.add(FloatVector.fromArray(SPECIES, y, yo + yAt[r + 1])).intoArray(y, yo + yAt[r + 1]);
        s2.add(FloatVector.fromArray(SPECIES, y, yo + yAt[r + 2])).intoArray(y, yo + yAt[r + 2]);
        s3.add(FloatVector.fromArray(SPECIES, y, yo + yAt[r + 3])).intoArray(y, yo + yAt[r + 3]);
        s4.add(FloatVector.fromArray(SPECIES, y, yo + yAt[r + 4])).intoArray(y, yo + yAt[r + 4]);
        s5.add(FloatVector.fromArray(SPECIES, y, yo + yAt[r + 5])).intoArray(y, yo + yAt[r + 5]);
        s6.add(FloatVector.fromArray(SPECIES, y, yo + yAt[r + 6])).intoArray(y, yo + yAt[r + 6]);
        s7.add(FloatVector.fromArray(SPECIES, y, yo + yAt[r + 7])).intoArray(y, yo + yAt[r + 7]);
    }

    private static void sixRuns(float[] y, int yo, int[] yAt, float[] x, int xo, int[] xAt, int r, int[] offsets,
                                  float[] a, int from, int to) {
        int x0 = xo + xAt[r], x1 = xo + xAt[r + 1], x2 = xo + xAt[r + 2], x3 = xo + xAt[r + 3];
        int x4 = xo + xAt[r + 4], x5 = xo + xAt[r + 5];
        FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0;
        for (int i = from; i < to; i++) {
            FloatVector ai = FloatVector.broadcast(SPECIES, a[i]);
            int at = offsets[i];
            s0 = FloatVector.fromArray(SPECIES, x, x0 + at).fma(ai, s0);
            s1 = FloatVector.fromArray(SPECIES, x, x1 + at).fma(ai, s1);
            s2 = FloatVector.fromArray(SPECIES, x, x2 + at).fma(ai, s2);
            s3 = FloatVector.fromArray(SPECIES, x, x3 + at).fma(ai, s3);
            s4 = FloatVector.fromArray(SPECIES, x, x4 + at).fma(ai, s4);
            s5 = FloatVector.fromArray(SPECIES, x, x5 + at).fma(ai, s5);
        }
        s0.add(FloatVector.fromArray(SPECIES, y, yo + yAt[r])).intoArray(y, yo + yAt[r]);
        s1.add(FloatVector.fromArray(SPECIES, y, yo + yAt[r + 1])).intoArray(y, yo + yAt[r + 1]);
        s2.add(FloatVector.fromArray(SPECIES, y, yo + yAt[r + 2])).intoArray(y, yo + yAt[r + 2]);
        s3.add(FloatVector.fromArray(SPECIES, y, yo + yAt[r + 3])).intoArray(y, yo + yAt[r + 3]);
        s4.add(FloatVector.fromArray(SPECIES, y, yo + yAt[r + 4])).intoArray(y, yo + yAt[r + 4]);
        s5.add(FloatVector.fromArray(SPECIES, y, yo + yAt[r + 5])).intoArray(y, yo + yAt[r + 5]);
    }

    private static void fourRuns(float[] y, int yo, int[] yAt, float[] x, int xo, int[] xAt, int r, int[] offsets,
                                 float[] a, int from, int to) {
        int x0 = xo + xAt[r], x1 = xo + xAt[r + 1], x2 = xo + xAt[r + 2], x3 = xo + xAt[r + 3];
        FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
        for (int i = from; i < to; i++) {
            FloatVector ai = FloatVector.broadcast(SPECIES, a[i]);
            int at = offsets[i];
            s0 = FloatVector.fromArray(SPECIES, x, x0 + at).fma(ai, s0);
            s1 = FloatVector.fromArray(SPECIES, x, x1 + at).fma(ai, s1);
            s2 = FloatVector.fromArray(SPECIES, x, x2 + at).fma(ai, s2);
            s3 = FloatVector.fromArray(SPECIES, x, x3 + at).fma(ai, s3);
        }
        s0.add(FloatVector.fromArray(SPECIES, y, yo + yAt[r])).intoArray(y, yo + yAt[r]);
        s1.add(FloatVector.fromArray(SPECIES, y, yo + yAt[r + 1])).intoArray(y, yo + yAt[r + 1]);
        s2.add(FloatVector.fromArray(SPECIES, y, yo + yAt[r + 2])).intoArray(y, yo + yAt[r + 2]);
        s3.add(FloatVector.fromArray(SPECIES, y, yo + yAt[r + 3])).intoArray(y, yo + yAt[r + 3]);
    }

    /** Two runs, each summed in two chains (even and odd terms) that are then added: four chains in all. */
    private static void twoRuns(float[] y, int yo, int[] yAt, float[] x, int xo, int[] xAt, int r, int[] offsets,
                                float[] a, int from, int to) {
        int x0 = xo + xAt[r], x1 = xo + xAt[r + 1];
        FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, t0 = s0, t1 = s0;
        int i = from;
        for (; i + 2 <= to; i += 2) {
            FloatVector ai = FloatVector.broadcast(SPECIES, a[i]), aj = FloatVector.broadcast(SPECIES, a[i + 1]);
            int at = offsets[i], bt = offsets[i + 1];
            s0 = FloatVector.fromArray(SPECIES, x, x0 + at).fma(ai, s0);
            s1 = FloatVector.fromArray(SPECIES, x, x1 + at).fma(ai, s1);
            t0 = FloatVector.fromArray(SPECIES, x, x0 + bt).fma(aj, t0);
            t1 = FloatVector.fromArray(SPECIES, x, x1 + bt).fma(aj, t1);
        }
        if (i < to) {
            FloatVector ai = FloatVector.broadcast(SPECIES, a[i]);
            s0 = FloatVector.fromArray(SPECIES, x, x0 + offsets[i]).fma(ai, s0);
            s1 = FloatVector.fromArray(SPECIES, x, x1 + offsets[i]).fma(ai, s1);
        }
        s0.add(t0).add(FloatVector.fromArray(SPECIES, y, yo + yAt[r])).intoArray(y, yo + yAt[r]);
        s1.add(t1).add(FloatVector.fromArray(SPECIES, y, yo + yAt[r + 1])).intoArray(y, yo + yAt[r + 1]);
    }

    /** One run, summed in two chains (even and odd terms) that are then added. */
    private static void oneRun(float[] y, int yo, float[] x, int xo, int[] offsets, float[] a, int from, int to) {
        FloatVector s0 = FloatVector.zero(SPECIES), t0 = s0;
        int i = from;
        for (; i + 2 <= to; i += 2) {
            s0 = FloatVector.fromArray(SPECIES, x, xo + offsets[i]).fma(FloatVector.broadcast(SPECIES, a[i]), s0);
            t0 = FloatVector.fromArray(SPECIES, x, xo + offsets[i + 1])
                    .fma(FloatVector.broadcast(SPECIES, a[i + 1]), t0);
        }
        if (i < to) {
            s0 = FloatVector.fromArray(SPECIES, x, xo + offsets[i]).fma(FloatVector.broadcast(SPECIES, a[i]), s0);
        }
        s0.add(t0).add(FloatVector.fromArray(SPECIES, y, yo)).intoArray(y, yo);
    }

    @Override
    public int width() {
        return SPECIES.length();
    }
}
