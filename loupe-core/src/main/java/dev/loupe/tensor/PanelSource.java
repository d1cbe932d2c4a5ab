package dev.loupe.tensor;

/**
 * {@code op(B)} ({@code k × n}) of a {@link Gemm} product as stored: {@code B [k, n]} row-major, or {@code B [n, k]}
 * read transposed; and how its panels are packed for the kernel.
 */
record PanelSource(boolean trans, float[] b, int off, int ld) {
    /**
     * Packs rows {@code [p0, p0+kc)} and columns {@code [j0, j0+nc)} of {@code op(B)} into {@code dst} as strips
     * of {@code nr = kernel.nr} columns: strip s occupies {@code dst[s·kc·nr, (s+1)·kc·nr)} and holds, for each
     * step p, the values {@code op(B)[p0+p][j0+s·nr+j]} for j in {@code [0, nr)}, zero past column {@code j0+nc}.
     */
    void pack(int p0, int kc, int j0, int nc, GemmKernel kernel, float[] dst) {
        pack(p0, kc, j0, nc, kernel, dst, 0);
    }

    /** {@link #pack(int, int, int, int, GemmKernel, float[]) pack} into {@code dst} from {@code dOff} on. */
    void pack(int p0, int kc, int j0, int nc, GemmKernel kernel, float[] dst, int dOff) {
        int nr = kernel.nr;
        int full = nc / nr * nr;
        if (!trans) {
            // Row by row, so that B is read sequentially.
            for (int p = 0; p < kc; p++) {
                int src = off + (p0 + p) * ld + j0;
                int d = dOff + p * nr;
                for (int s = 0; s < full; s += nr) {
                    kernel.copyStripRow(b, src + s, dst, d + s * kc);
                }
                if (full < nc) {
                    int dd = d + full * kc;
                    System.arraycopy(b, src + full, dst, dd, nc - full);
                    java.util.Arrays.fill(dst, dd + nc - full, dd + nr, 0f);
                }
            }
            return;
        }
        for (int s = 0; s < nc; s += nr) {
            kernel.packTransposed(b, off + (j0 + s) * ld + p0, ld, kc, Math.min(nr, nc - s), dst, dOff + s * kc);
        }
    }
}
