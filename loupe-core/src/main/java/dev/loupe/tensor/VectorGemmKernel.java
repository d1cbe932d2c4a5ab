package dev.loupe.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GemmKernel} on the Vector API: a register tile of 4 rows × 2 vectors (4 × 32 floats with AVX-512,
 * 4 × 16 with AVX2), one broadcast per row and two vector loads per step of k.
 *
 * <p>Like every class that touches {@code jdk.incubator.vector}, it is loaded through {@link VectorApi}, only when
 * that module is in the boot layer; see {@link Gemm}.
 */
final class VectorGemmKernel extends GemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 4;
    private static final ThreadLocal<float[]> EDGE = ThreadLocal.withInitial(() -> new float[MR * 2 * L]);

    VectorGemmKernel() {
        super(MR, 2 * L);
    }

    @Override
    void tile(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc,
              int rows, int cols, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ai += MR, bi += 2 * L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
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
        if (rows == MR && cols == 2 * L) {
            store(c00, c01, c, ci, add);
            store(c10, c11, c, ci + ldc, add);
            store(c20, c21, c, ci + 2 * ldc, add);
            store(c30, c31, c, ci + 3 * ldc, add);
            return;
        }
        float[] t = EDGE.get();
        int nr = 2 * L;
        c00.intoArray(t, 0);
        c01.intoArray(t, L);
        c10.intoArray(t, nr);
        c11.intoArray(t, nr + L);
        c20.intoArray(t, 2 * nr);
        c21.intoArray(t, 2 * nr + L);
        c30.intoArray(t, 3 * nr);
        c31.intoArray(t, 3 * nr + L);
        for (int r = 0; r < rows; r++) {
            int row = ci + r * ldc;
            for (int j = 0; j < cols; j++) {
                c[row + j] = add ? c[row + j] + t[r * nr + j] : t[r * nr + j];
            }
        }
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

    private static void store(FloatVector v0, FloatVector v1, float[] c, int at, boolean add) {
        if (add) {
            v0 = v0.add(FloatVector.fromArray(S, c, at));
            v1 = v1.add(FloatVector.fromArray(S, c, at + L));
        }
        v0.intoArray(c, at);
        v1.intoArray(c, at + L);
    }

    @Override
    String name() {
        return "vector " + MR + "x" + (2 * L);
    }
}
