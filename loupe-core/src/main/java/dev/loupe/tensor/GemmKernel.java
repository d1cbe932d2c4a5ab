package dev.loupe.tensor;

/**
 * The innermost piece of {@link Gemm}: a register tile of {@code mr × nr} outputs computed from packed panels.
 *
 * <p>The packed A micro-panel holds, for each of {@code kc} steps, {@code mr} values of one column of
 * {@code op(A)}; the packed B micro-panel holds, for each step, {@code nr} values of one row of {@code op(B)}.
 * Panels are zero-padded to full width, so a kernel always computes a whole tile; {@code rows × cols} tells it
 * how much of the tile lies inside C. With {@code add} the tile is added to C, otherwise it overwrites C.
 */
abstract class GemmKernel {
    /** Rows of the register tile. */
    final int mr;
    /** Columns of the register tile. */
    final int nr;

    GemmKernel(int mr, int nr) {
        this.mr = mr;
        this.nr = nr;
    }

    /**
     * {@code C[0:rows, 0:cols] (+)= Apanel · Bpanel} over {@code kc} steps.
     *
     * @param a   packed A, the micro-panel starts at {@code ai} ({@code kc·mr} values)
     * @param b   packed B, the micro-panel starts at {@code bi} ({@code kc·nr} values)
     * @param c   output, the tile's top-left corner at {@code ci}, row stride {@code ldc}
     */
    abstract void tile(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc,
                       int rows, int cols, boolean add);

    /** Copies one full row of a strip, {@code nr} values, from {@code src[s]} to {@code dst[d]}. */
    void copyStripRow(float[] src, int s, float[] dst, int d) {
        System.arraycopy(src, s, dst, d, nr);
    }

    /**
     * Packs one whole strip of A stored row-major: {@code dst[d + p·mr + r] = src[s + r·ld + p]} for {@code p < kc}
     * and {@code r < mr}. That is, {@code mr} stored rows become the strip's steps.
     */
    void packRows(float[] src, int s, int ld, int kc, float[] dst, int d) {
        for (int r = 0; r < mr; r++) {
            int row = s + r * ld;
            for (int p = 0; p < kc; p++) {
                dst[d + p * mr + r] = src[row + p];
            }
        }
    }

    /**
     * Packs one strip of a transposed operand: {@code dst[d + p·nr + j] = src[s + j·ld + p]} for {@code p < kc}
     * and {@code j < cols}, zero for {@code cols ≤ j < nr}. That is, {@code cols} stored rows become the columns
     * of the strip.
     */
    void packTransposed(float[] src, int s, int ld, int kc, int cols, float[] dst, int d) {
        for (int j = 0; j < nr; j++) {
            if (j < cols) {
                int row = s + j * ld;
                for (int p = 0; p < kc; p++) {
                    dst[d + p * nr + j] = src[row + p];
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    dst[d + p * nr + j] = 0f;
                }
            }
        }
    }

    /** How many rows of tiles the kernel computes for {@code m} rows of output: m rounded up to whole tiles. */
    int rowsComputed(int m) {
        return (m + mr - 1) / mr * mr;
    }

    /** A short name for diagnostics and benchmarks, e.g. {@code "vector 4x32"}. */
    abstract String name();
}
