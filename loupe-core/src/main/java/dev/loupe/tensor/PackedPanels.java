package dev.loupe.tensor;

/**
 * A whole {@code op(B)} ({@code k × n}) laid out as {@link Gemm}'s kernel reads it: strip {@code s} of {@code nr}
 * columns occupies {@code data[s·k·nr, (s+1)·k·nr)}, step by step, each step holding the strip's {@code nr}
 * values of one row (columns past {@code n} are never read into C). The strip of columns from {@code j} (a multiple
 * of nr) at row {@code p} starts at {@link #at}, so any block of k and any band of whole strips reads straight from
 * it, without packing.
 *
 * @param kernel the kernel whose {@code nr} the layout uses, and which must run the product
 */
record PackedPanels(GemmKernel kernel, int k, int n, float[] data) {
    /** Floats needed for a {@code k × n} operand in this layout. */
    static int size(GemmKernel kernel, int k, int n) {
        return (n + kernel.nr - 1) / kernel.nr * kernel.nr * k;
    }

    /** An operand in this thread's column scratch ({@link Scratch#COLUMNS}), to be filled by the caller. */
    static PackedPanels inScratch(GemmKernel kernel, int k, int n) {
        return new PackedPanels(kernel, k, n, Scratch.floats(Scratch.COLUMNS, size(kernel, k, n)));
    }

    /** Where the strip of columns from {@code j} (a multiple of nr) starts, at row {@code p}. */
    int at(int j, int p) {
        return j / kernel.nr * k * kernel.nr + p * kernel.nr;
    }

    /** Where element {@code (p, j)} lives. */
    int of(int p, int j) {
        int nr = kernel.nr;
        return j / nr * k * nr + p * nr + j % nr;
    }
}
