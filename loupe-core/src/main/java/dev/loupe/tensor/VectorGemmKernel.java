package dev.loupe.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GemmKernel} on the Vector API: a register tile of 8 rows × 2 vectors (8 × 32 floats with AVX-512,
 * 8 × 16 with AVX2), one broadcast per row and two vector loads per step of k, so 16 fused multiply-adds share 10
 * loads. A strip with at most four rows left (the last of an {@code m} such as 10 or 20) is computed four rows
 * deep instead, so such products waste no more lanes than with a 4-row tile.
 *
 * <p>The k loop and the stores of a whole tile are a method of their own, with the partial-tile copy outside it:
 * with everything in one method, C2 stopped inlining the vector operations of an 8-row tile and the kernel ran
 * at a fifth of its speed. Measured on 1 thread (AVX-512): 8 rows reached 119–138 GFLOPS where 4 rows reached
 * 100–116, at 1024³ and at mnistnet's conv2 shapes; a 12-row tile fell off the same cliff now and then.
 *
 * <p>Every output is the same chain of fused multiply-adds over k in both depths, so results do not depend on the
 * tile an output lands in. Like every class that touches {@code jdk.incubator.vector}, this one is loaded through
 * {@link VectorApi}, only when that module is in the boot layer; see {@link Gemm}.
 */
final class VectorGemmKernel extends GemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 8;
    private static final ThreadLocal<float[]> EDGE = ThreadLocal.withInitial(() -> new float[MR * 2 * L]);

    VectorGemmKernel() {
        super(MR, 2 * L);
    }

    @Override
    void tile(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc,
              int rows, int cols, boolean add) {
        boolean shallow = rows <= MR / 2;
        if (cols == 2 * L && rows == (shallow ? MR / 2 : MR)) {
            if (shallow) {
                fourRows(kc, a, ai, b, bi, c, ci, ldc, add);
            } else {
                eightRows(kc, a, ai, b, bi, c, ci, ldc, add);
            }
            return;
        }
        float[] t = EDGE.get();
        int nr = 2 * L;
        if (shallow) {
            fourRows(kc, a, ai, b, bi, t, 0, nr, false);
        } else {
            eightRows(kc, a, ai, b, bi, t, 0, nr, false);
        }
        for (int r = 0; r < rows; r++) {
            int row = ci + r * ldc;
            for (int j = 0; j < cols; j++) {
                c[row + j] = add ? c[row + j] + t[r * nr + j] : t[r * nr + j];
            }
        }
    }

    /** A whole 8 × 2L tile: {@code C (+)= A·B} over {@code kc} steps. */
    private static void eightRows(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc,
            boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ai += MR, bi += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        if (add) {
            c00 = c00.add(FloatVector.fromArray(S, c, ci));
            c01 = c01.add(FloatVector.fromArray(S, c, ci + L));
            c10 = c10.add(FloatVector.fromArray(S, c, ci + 1 * ldc));
            c11 = c11.add(FloatVector.fromArray(S, c, ci + 1 * ldc + L));
            c20 = c20.add(FloatVector.fromArray(S, c, ci + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(S, c, ci + 2 * ldc + L));
            c30 = c30.add(FloatVector.fromArray(S, c, ci + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(S, c, ci + 3 * ldc + L));
            c40 = c40.add(FloatVector.fromArray(S, c, ci + 4 * ldc));
            c41 = c41.add(FloatVector.fromArray(S, c, ci + 4 * ldc + L));
            c50 = c50.add(FloatVector.fromArray(S, c, ci + 5 * ldc));
            c51 = c51.add(FloatVector.fromArray(S, c, ci + 5 * ldc + L));
            c60 = c60.add(FloatVector.fromArray(S, c, ci + 6 * ldc));
            c61 = c61.add(FloatVector.fromArray(S, c, ci + 6 * ldc + L));
            c70 = c70.add(FloatVector.fromArray(S, c, ci + 7 * ldc));
            c71 = c71.add(FloatVector.fromArray(S, c, ci + 7 * ldc + L));
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + L);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + L);
    }

    /** The first four rows of a strip (packed {@code MR} rows deep): {@code C (+)= A·B} over {@code kc} steps. */
    private static void fourRows(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc,
            boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ai += MR, bi += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        if (add) {
            c00 = c00.add(FloatVector.fromArray(S, c, ci));
            c01 = c01.add(FloatVector.fromArray(S, c, ci + L));
            c10 = c10.add(FloatVector.fromArray(S, c, ci + 1 * ldc));
            c11 = c11.add(FloatVector.fromArray(S, c, ci + 1 * ldc + L));
            c20 = c20.add(FloatVector.fromArray(S, c, ci + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(S, c, ci + 2 * ldc + L));
            c30 = c30.add(FloatVector.fromArray(S, c, ci + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(S, c, ci + 3 * ldc + L));
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
    }

    @Override
    int rowsComputed(int m) {
        int rest = m % MR;
        return m - rest + (rest == 0 ? 0 : rest <= MR / 2 ? MR / 2 : MR);
    }

    /** Two vector loads and stores: cheaper than arraycopy's call for 2·L values. */
    @Override
    void copyStripRow(float[] src, int s, float[] dst, int d) {
        FloatVector.fromArray(S, src, s).intoArray(dst, d);
        FloatVector.fromArray(S, src, s + L).intoArray(dst, d + L);
    }

    /**
     * Strips are packed with gathers, one vector of {@code L} rows per step. In a partial strip the lanes past the
     * last row read that row again and are then zeroed, so no lane reads past it.
     */
    /**
     * Two steps of the strip per hardware gather when a vector holds exactly two (16 lanes, mr 8): lanes
     * {@code [0, mr)} take step p of the mr rows, the rest step p + 1, stored as 16 consecutive floats.
     */
    @Override
    void packRows(float[] src, int s, int ld, int kc, float[] dst, int d) {
        if (L != 2 * MR) {
            super.packRows(src, s, ld, kc, dst, d);
            return;
        }
        int[] twoSteps = new int[L];
        for (int j = 0; j < L; j++) {
            twoSteps[j] = j % MR * ld + j / MR;
        }
        int p = 0;
        for (; p + 1 < kc; p += 2) {
            FloatVector.fromArray(S, src, s + p, twoSteps, 0).intoArray(dst, d + p * MR);
        }
        for (; p < kc; p++) {
            for (int r = 0; r < MR; r++) {
                dst[d + p * MR + r] = src[s + r * ld + p];
            }
        }
    }

    @Override
    void packTransposed(float[] src, int s, int ld, int kc, int cols, float[] dst, int d) {
        for (int half = 0; half < 2; half++) {
            int valid = Math.min(L, cols - half * L);
            if (valid <= 0) {
                FloatVector zero = FloatVector.zero(S);
                for (int p = 0, at = d + half * L; p < kc; p++, at += nr) {
                    zero.intoArray(dst, at);
                }
                continue;
            }
            int[] rows = new int[L];
            for (int j = 0; j < L; j++) {
                rows[j] = Math.min(j, valid - 1) * ld;
            }
            VectorMask<Float> padding = S.indexInRange(0, valid).not();
            int from = s + half * L * ld;
            for (int p = 0, at = d + half * L; p < kc; p++, at += nr) {
                FloatVector v = FloatVector.fromArray(S, src, from + p, rows, 0);
                (valid == L ? v : v.blend(0f, padding)).intoArray(dst, at);
            }
        }
    }

    @Override
    String name() {
        return "vector " + MR + "x" + (2 * L);
    }
}
