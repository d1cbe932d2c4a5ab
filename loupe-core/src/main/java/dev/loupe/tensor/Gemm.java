package dev.loupe.tensor;

import java.util.Arrays;

/**
 * Single-precision matrix multiply on row-major arrays: {@code C = op(A) · op(B) (+ C)}.
 *
 * <p>{@code op(A)} is {@code m × k}, {@code op(B)} is {@code k × n} and {@code C} is {@code m × n}. With
 * {@code transA}, A is stored {@code k × m}; with {@code transB}, B is stored {@code n × k}. Leading dimensions are
 * the row strides of the arrays as stored. With {@code accumulate} the product is added to C, otherwise C is
 * overwritten (its old contents, even NaN, are ignored).
 *
 * <p>The algorithm is the blocked, packed scheme of Goto &amp; van de Geijn, "Anatomy of high-performance matrix
 * multiplication" (ACM TOMS 34(3), 2008), as refined in BLIS (Van Zee &amp; van de Geijn, ACM TOMS 41(3), 2015):
 * k is cut into blocks of at most {@value #KC_MAX}, each block of {@code op(B)} is packed into strips of
 * {@code nr} columns and each block of {@code op(A)} into strips of {@code mr} rows, and a register-tile
 * {@link GemmKernel} runs over the packed strips. The kernel uses the Vector API ({@code jdk.incubator.vector})
 * when that module is in the boot layer and falls back to scalar Java otherwise, or when the system property
 * {@code loupe.vector} is {@code false}.
 *
 * <p>Threads split C into contiguous bands of whole tiles (columns when there are enough, else rows); k is never
 * split, so every element of C is summed in the same order whatever the thread count: results are bitwise
 * identical for any {@link Parallel}.
 */
public final class Gemm {
    /** Largest block of k kept in one packed panel. */
    static final int KC_MAX = 256;
    /** Rows of op(A) packed at once (a multiple of every kernel's mr). */
    private static final int MC = 192;
    /** Columns of op(B) packed at once. */
    private static final int NC = 2048;
    /** Below this many multiply-adds a product runs on the calling thread: handing it out would cost more. */
    private static final long MIN_PARALLEL_WORK = 1L << 20;

    private static final GemmKernel SCALAR = new ScalarGemmKernel();
    private static final GemmKernel EXACT = new ExactGemmKernel();
    private static volatile Accumulation accumulation = Accumulation.FLOAT;

    /** How products are summed. */
    public enum Accumulation {
        /** Float accumulators in the fastest available kernel (the default). */
        FLOAT,
        /**
         * Each output summed over the whole of k in double and rounded once: close to exact arithmetic, several
         * times slower. {@code loupe conformance} uses it to reproduce peers where float rounding decides a tie.
         */
        DOUBLE
    }

    /** Sets how every later product in this process accumulates. */
    public static void setAccumulation(Accumulation mode) {
        accumulation = java.util.Objects.requireNonNull(mode, "mode");
    }

    /** The current accumulation mode. */
    public static Accumulation accumulation() {
        return accumulation;
    }
    private static final GemmKernel VECTOR = VectorApi.load("dev.loupe.tensor.VectorGemmKernel", GemmKernel.class);
    private static final ThreadLocal<float[][]> PACKS = ThreadLocal.withInitial(() -> new float[2][0]);

    private Gemm() {
    }

    /** Computes {@code C (+)= op(A) op(B)} with the default parallelism. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             boolean accumulate, float[] c, int cOff, int ldc) {
        sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc, Parallel.defaults());
    }

    /** Computes {@code C (+)= op(A) op(B)} over the threads of {@code parallel}. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             boolean accumulate, float[] c, int cOff, int ldc, Parallel parallel) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        sgemm(kernel(), transA, m, n, k, a, aOff, lda, new PanelSource(transB, b, bOff, ldb), null, null, accumulate,
                c, cOff, ldc, parallel);
    }

    /**
     * {@link #sgemm(boolean, boolean, int, int, int, float[], int, int, float[], int, int, boolean, float[], int, int,
     * Parallel) sgemm} for a B that stays as it is while it lives, such as a model's weights: op(B) is packed once
     * and the packing kept (weakly, by the array) for every later product with the same B. The results are the same
     * bits as {@code sgemm}'s. Whoever changes such an array in place must call {@link #forgetConstant} afterwards.
     */
    public static void sgemmConstantB(boolean transA, boolean transB, int m, int n, int k,
                                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                      boolean accumulate, float[] c, int cOff, int ldc, Parallel parallel) {
        check(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        PanelSource source = new PanelSource(transB, b, bOff, ldb);
        GemmKernel kernel = kernel();
        // the exact kernel packs all of k in one block per call anyway
        PackedPanels packed = kernel == EXACT || m == 0 || n == 0 || k == 0 ? null
                : ConstantPanels.of(source, k, n, kernel, parallel);
        sgemm(kernel, transA, m, n, k, a, aOff, lda, source, packed, null, accumulate, c, cOff, ldc, parallel);
    }

    /** Forgets the packing kept by {@link #sgemmConstantB} for {@code b}, whose values have changed. */
    public static void forgetConstant(float[] b) {
        ConstantPanels.forget(b);
    }

    /** The kernel that products started now run on, for callers that lay out {@link PackedPanels} themselves. */
    static GemmKernel currentKernel() {
        return kernel();
    }

    /**
     * {@code C (+)= op(A) · B} with B ({@code b.k() × b.n()}) already in the kernel's layout, as an unfolding writes
     * it; run on {@code b.kernel()}. Sizes are not checked.
     */
    static void sgemm(boolean transA, int m, float[] a, int aOff, int lda, PackedPanels b, boolean accumulate,
                      float[] c, int cOff, int ldc, Parallel parallel) {
        sgemm(b.kernel(), transA, m, b.n(), b.k(), a, aOff, lda, null, b, null, accumulate, c, cOff, ldc, parallel);
    }

    /**
     * {@link #sgemm(boolean, int, float[], int, int, PackedPanels, boolean, float[], int, int, Parallel) sgemm} for
     * an A that stays as it is while it lives, such as a convolution's weights: op(A) is packed once, whole, and kept
     * as {@link #sgemmConstantB} keeps B (and forgotten by {@link #forgetConstant}). The same bits as without.
     */
    static void sgemmConstantA(boolean transA, int m, float[] a, int aOff, int lda, PackedPanels b,
                               boolean accumulate, float[] c, int cOff, int ldc, Parallel parallel) {
        GemmKernel kernel = b.kernel();
        float[] rows = kernel == EXACT || m == 0 || b.n() == 0 || b.k() == 0 ? null
                : ConstantPanels.rowsOf(transA, a, aOff, lda, m, b.k(), kernel);
        sgemm(kernel, transA, m, b.n(), b.k(), a, aOff, lda, null, b, rows, accumulate, c, cOff, ldc, parallel);
    }

    /**
     * {@code C (+)= op(A) · op(B)} on {@code kernel}, with op(B) ({@code k × n}) read from {@code packed} when that is
     * not null (it must then be laid out for this kernel), else packed block by block from {@code b}; likewise op(A)
     * from {@code rows} (all of it packed by {@link #packA} as one block) when that is not null. Sizes are not
     * checked.
     */
    private static void sgemm(GemmKernel kernel, boolean transA, int m, int n, int k, float[] a, int aOff, int lda,
                              PanelSource b, PackedPanels packed, float[] rows, boolean accumulate, float[] c,
                              int cOff, int ldc, Parallel parallel) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
            return;
        }
        int mTiles = (m + kernel.mr - 1) / kernel.mr;
        int nTiles = (n + kernel.nr - 1) / kernel.nr;
        boolean byColumns = nTiles >= 2 * parallel.threads() || nTiles >= mTiles;
        int tiles = byColumns ? nTiles : mTiles;
        Parallel threads = (long) m * n * k < MIN_PARALLEL_WORK ? Parallel.serial() : parallel;
        threads.forChunks(tiles, (from, to, chunk) -> {
            if (byColumns) {
                int j0 = from * kernel.nr, j1 = Math.min(n, to * kernel.nr);
                blocked(kernel, transA, m, j0, j1, k, a, aOff, lda, b, packed, rows, 0, accumulate, c, cOff, ldc);
            } else {
                int i0 = from * kernel.mr, i1 = Math.min(m, to * kernel.mr);
                int aAt = aOff + (transA ? i0 : i0 * lda);
                blocked(kernel, transA, i1 - i0, 0, n, k, a, aAt, lda, b, packed, rows, i0 * k, accumulate, c,
                        cOff + i0 * ldc, ldc);
            }
        });
    }

    /**
     * The share of the register tiles' lanes that an {@code m × n} product fills with real output, in (0, 1]:
     * below 1 when m or n is not a multiple of the tile. Lets callers pick the better of two orientations.
     */
    static double tileUse(int m, int n) {
        GemmKernel kernel = kernel();
        double rows = (double) m / kernel.rowsComputed(m);
        double cols = (double) n / ((n + kernel.nr - 1) / kernel.nr * kernel.nr);
        return rows * cols;
    }

    /** True when the Vector API kernel is in use (the module is present and not disabled). */
    public static boolean vectorized() {
        return kernel() == VECTOR;
    }

    /** A short description of the kernel in use, e.g. {@code "vector 4x32"}, for benchmark output. */
    public static String kernelName() {
        return kernel().name();
    }

    private static GemmKernel kernel() {
        if (accumulation == Accumulation.DOUBLE) {
            return EXACT;
        }
        if (VECTOR == null || "false".equalsIgnoreCase(System.getProperty("loupe.vector"))) {
            return SCALAR;
        }
        return VECTOR;
    }

    /**
     * The serial blocked algorithm on the band of columns {@code [j0, j1)} of C; op(A) comes from {@code rows}, from
     * {@code rowsAt} on, when that is not null.
     */
    private static void blocked(GemmKernel kernel, boolean transA, int m, int j0, int j1, int k,
                                float[] a, int aOff, int lda, PanelSource b, PackedPanels packed, float[] rows,
                                int rowsAt, boolean accumulate, float[] c, int cOff, int ldc) {
        int n = j1 - j0;
        int mr = kernel.mr, nr = kernel.nr;
        // the exact kernel sums the whole of k in one block, so nothing is rounded to float along the way
        int kBlocks = kernel == EXACT ? 1 : (k + KC_MAX - 1) / KC_MAX;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        // Packed widths round up to whole strips, also when a strip width does not divide NC or MC.
        int ncMax = (Math.min(NC, n) + nr - 1) / nr * nr;
        int mcMax = (Math.min(MC, m) + mr - 1) / mr * mr;
        float[][] packs = PACKS.get();
        if (packs[0].length < mcMax * kcMax) {
            packs[0] = new float[mcMax * kcMax];
        }
        if (packed == null && packs[1].length < ncMax * kcMax) {
            packs[1] = new float[ncMax * kcMax];
        }
        float[] ap = rows == null ? packs[0] : rows, bp = packed == null ? packs[1] : packed.data();
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                boolean add = accumulate || pc > 0;
                if (packed == null) {
                    b.pack(pc, kc, j0 + jc, nc, kernel, bp);
                }
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    // where strip ir of this block starts: ir·kc in a fresh packing; in the kept whole one, strips
                    // run over all of k, and this block of k starts pc steps in
                    int aAt = rows == null ? 0 : rowsAt + ic * k + pc * mr, aStride = rows == null ? kc : k;
                    if (rows == null) {
                        packA(kernel, transA, a, aOff, lda, ic, pc, mc, kc, ap);
                    }
                    for (int jr = 0; jr < nc; jr += nr) {
                        int cols = Math.min(nr, nc - jr);
                        int bi = packed == null ? jr * kc : packed.at(j0 + jc + jr, pc);
                        int cAt = cOff + ic * ldc + j0 + jc + jr;
                        for (int ir = 0; ir < mc; ir += mr) {
                            kernel.tile(kc, ap, aAt + ir * aStride, bp, bi, c, cAt + ir * ldc, ldc,
                                    Math.min(mr, mc - ir), cols, add);
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs rows {@code [i0, i0+mc)} and columns {@code [p0, p0+kc)} of op(A) into strips of {@code mr =
     * kernel.mr} rows: strip s holds, step by step, the mr values {@code op(A)[i0+s·mr+r][p0+p]}, zero past row m.
     * Whole strips of an A stored row-major go through {@link GemmKernel#packRows}.
     */
    static void packA(GemmKernel kernel, boolean transA, float[] a, int aOff, int lda, int i0, int p0, int mc,
                      int kc, float[] dst) {
        int mr = kernel.mr;
        for (int s = 0; s < mc; s += mr) {
            int rows = Math.min(mr, mc - s);
            int base = s * kc;
            if (transA) {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + i0 + s;
                    int d = base + p * mr;
                    for (int r = 0; r < rows; r++) {
                        dst[d + r] = a[src + r];
                    }
                    for (int r = rows; r < mr; r++) {
                        dst[d + r] = 0f;
                    }
                }
            } else if (rows == mr) {
                kernel.packRows(a, aOff + (i0 + s) * lda + p0, lda, kc, dst, base);
            } else {
                for (int r = 0; r < mr; r++) {
                    if (r < rows) {
                        int src = aOff + (i0 + s + r) * lda + p0;
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * mr + r] = a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * mr + r] = 0f;
                        }
                    }
                }
            }
        }
    }

    private static void check(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                              float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm sizes must be non-negative: m=" + m + " n=" + n + " k=" + k);
        }
        if (m == 0 || n == 0) {
            return;
        }
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkMatrix("C", c, cOff, ldc, m, n);
    }

    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) {
            return;
        }
        if (off < 0 || ld < cols || (long) off + (long) (rows - 1) * ld + cols > x.length) {
            throw new IllegalArgumentException("gemm matrix " + name + " (" + rows + "x" + cols + ", offset " + off
                    + ", leading dimension " + ld + ") does not fit its array of " + x.length);
        }
    }
}
