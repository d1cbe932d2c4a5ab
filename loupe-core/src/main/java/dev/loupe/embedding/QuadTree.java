package dev.loupe.embedding;

/**
 * A Barnes–Hut quadtree over 2-D points (Barnes &amp; Hut, 1986; van der Maaten, 2014), stored flat without per-node
 * objects. The points are sorted along a Z-order (Morton) curve of their coordinates quantised to {@link #MAX_DEPTH}
 * levels; every cell is then a contiguous run of that order, so the tree is built from the sorted keys without moving
 * any point, and walking the queries in {@link #order} makes consecutive walks touch the same cells.
 *
 * <p>A cell whose points all fall into one quadrant is not stored: its only child takes its place. That child has
 * the same count and centre of mass and a smaller width, so a walk accepts it whenever it would have accepted the
 * parent and otherwise opens it as it would have opened the parent: the forces are those of the full tree. Leaves hold
 * one point, or several that coincide at the depth limit.
 *
 * <p>Each cell takes {@link #STRIDE} consecutive floats of {@link #cells}, so a walk reads one cache line per cell:
 * centre of mass x and y, squared side length, point count, index of the first child (−1 for a leaf, stored as
 * float bits like the next two), number of children and start of the cell's run in {@link #order}.
 */
final class QuadTree {
    /** Levels of the quadtree: coordinates are quantised to 31 bits per axis. */
    static final int MAX_DEPTH = 31;
    static final int STRIDE = 8;
    static final int COM_X = 0;
    static final int COM_Y = 1;
    static final int WIDTH2 = 2;
    static final int COUNT = 3;
    static final int FIRST_CHILD = 4;
    static final int CHILD_COUNT = 5;
    static final int LEAF_START = 6;

    /** The cells, {@link #STRIDE} floats each; cell 0 is the root. */
    final float[] cells;
    /** The point indices in Z-order: each cell covers {@code order[leafStart, leafStart + count)}. */
    final int[] order;
    /** The leaf cell holding each point. */
    final int[] leafOf;
    /** Number of cells in use. */
    int size;

    private final long[] keys;
    private final float size0;

    /** Builds the tree over the {@code n} points {@code (y[2i], y[2i + 1])}. */
    QuadTree(float[] y, int n) {
        float minX = Float.POSITIVE_INFINITY, minY = Float.POSITIVE_INFINITY;
        float maxX = Float.NEGATIVE_INFINITY, maxY = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, y[2 * i]);
            maxX = Math.max(maxX, y[2 * i]);
            minY = Math.min(minY, y[2 * i + 1]);
            maxY = Math.max(maxY, y[2 * i + 1]);
        }
        size0 = Math.max(maxX - minX, maxY - minY) * 1.0001f + 1e-12f;
        double scale = (1L << MAX_DEPTH) / (double) size0;
        long[] unsorted = new long[n];
        for (int i = 0; i < n; i++) {
            unsorted[i] = interleave(quantise((y[2 * i] - minX) * scale), quantise((y[2 * i + 1] - minY) * scale));
        }
        order = new int[n];
        keys = new long[n];
        sortByKey(unsorted, n, order, keys);
        cells = new float[STRIDE * (2 * n + 1)];
        leafOf = new int[n];
        size = 1;
        build(0, y, 0, n);
    }

    private static long quantise(double v) {
        return Math.max(0, Math.min((1L << MAX_DEPTH) - 1, (long) v));
    }

    /** The Morton key: bit {@code 2b} is bit b of x and bit {@code 2b + 1} bit b of y. */
    static long interleave(long x, long y) {
        return spread(x) | spread(y) << 1;
    }

    private static long spread(long v) {
        v &= 0xffffffffL;
        v = (v | v << 16) & 0x0000ffff0000ffffL;
        v = (v | v << 8) & 0x00ff00ff00ff00ffL;
        v = (v | v << 4) & 0x0f0f0f0f0f0f0f0fL;
        v = (v | v << 2) & 0x3333333333333333L;
        v = (v | v << 1) & 0x5555555555555555L;
        return v;
    }

    /**
     * Stable least-significant-digit radix sort of the points by key (ties keep index order), 8 bits a pass; passes
     * whose digit is the same for every key are skipped.
     */
    private static void sortByKey(long[] unsorted, int n, int[] order, long[] sorted) {
        long[] keyA = unsorted, keyB = new long[n];
        int[] idxA = new int[n], idxB = new int[n];
        for (int i = 0; i < n; i++) {
            idxA[i] = i;
        }
        int[] counts = new int[257];
        for (int shift = 0; shift < 2 * MAX_DEPTH; shift += 8) {
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[(int) (keyA[i] >>> shift & 0xff) + 1]++;
            }
            if (counts[(int) (keyA[0] >>> shift & 0xff) + 1] == n) {
                continue;
            }
            for (int b = 0; b < 256; b++) {
                counts[b + 1] += counts[b];
            }
            for (int i = 0; i < n; i++) {
                int at = counts[(int) (keyA[i] >>> shift & 0xff)]++;
                keyB[at] = keyA[i];
                idxB[at] = idxA[i];
            }
            long[] k = keyA;
            keyA = keyB;
            keyB = k;
            int[] t = idxA;
            idxA = idxB;
            idxB = t;
        }
        System.arraycopy(keyA, 0, sorted, 0, n);
        System.arraycopy(idxA, 0, order, 0, n);
    }

    /** Fills cell {@code c} over the sorted run {@code [from, to)}; returns nothing, sets its centre of mass. */
    private void build(int c, float[] y, int from, int to) {
        int base = STRIDE * c;
        int n = to - from;
        // the first level at which the run's keys differ: the cell at that level is the smallest holding them all
        long differ = keys[from] ^ keys[to - 1];
        int level = differ == 0 ? MAX_DEPTH : MAX_DEPTH - (64 - Long.numberOfLeadingZeros(differ) + 1) / 2;
        float width = size0 / (1L << level);
        cells[base + WIDTH2] = width * width;
        cells[base + COUNT] = n;
        cells[base + LEAF_START] = Float.intBitsToFloat(from);
        if (level == MAX_DEPTH) {
            double sx = 0, sy = 0;
            for (int t = from; t < to; t++) {
                int i = order[t];
                sx += y[2 * i];
                sy += y[2 * i + 1];
                leafOf[i] = c;
            }
            cells[base + COM_X] = (float) (sx / n);
            cells[base + COM_Y] = (float) (sy / n);
            cells[base + FIRST_CHILD] = Float.intBitsToFloat(-1);
            cells[base + CHILD_COUNT] = Float.intBitsToFloat(0);
            return;
        }
        int shift = 2 * (MAX_DEPTH - 1 - level);
        int[] bounds = new int[5];
        bounds[0] = from;
        bounds[4] = to;
        for (int q = 1; q < 4; q++) {
            bounds[q] = firstWithDigitAtLeast(bounds[q - 1], to, shift, q);
        }
        int kids = 0;
        for (int q = 0; q < 4; q++) {
            kids += bounds[q + 1] > bounds[q] ? 1 : 0;
        }
        int first = size;
        size += kids;
        cells[base + FIRST_CHILD] = Float.intBitsToFloat(first);
        cells[base + CHILD_COUNT] = Float.intBitsToFloat(kids);
        double sx = 0, sy = 0;
        int k = first;
        for (int q = 0; q < 4; q++) {
            if (bounds[q + 1] > bounds[q]) {
                if (bounds[q + 1] - bounds[q] == 1) {
                    leaf(k, y, bounds[q]);
                } else {
                    build(k, y, bounds[q], bounds[q + 1]);
                }
                int count = bounds[q + 1] - bounds[q];
                sx += (double) cells[STRIDE * k + COM_X] * count;
                sy += (double) cells[STRIDE * k + COM_Y] * count;
                k++;
            }
        }
        cells[base + COM_X] = (float) (sx / n);
        cells[base + COM_Y] = (float) (sy / n);
    }

    /** A leaf holding the single point {@code order[at]}. */
    private void leaf(int c, float[] y, int at) {
        int base = STRIDE * c, i = order[at];
        cells[base + COM_X] = y[2 * i];
        cells[base + COM_Y] = y[2 * i + 1];
        cells[base + WIDTH2] = 0;
        cells[base + COUNT] = 1;
        cells[base + FIRST_CHILD] = Float.intBitsToFloat(-1);
        cells[base + CHILD_COUNT] = Float.intBitsToFloat(0);
        cells[base + LEAF_START] = Float.intBitsToFloat(at);
        leafOf[i] = c;
    }

    /** The first position in the sorted run {@code [from, to)} whose 2-bit digit at {@code shift} is ≥ {@code q}. */
    private int firstWithDigitAtLeast(int from, int to, int shift, int q) {
        int lo = from, hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if ((int) (keys[mid] >>> shift & 3) < q) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static int firstChild(float[] cells, int c) {
        return Float.floatToRawIntBits(cells[STRIDE * c + FIRST_CHILD]);
    }

    static int childCount(float[] cells, int c) {
        return Float.floatToRawIntBits(cells[STRIDE * c + CHILD_COUNT]);
    }

    static int leafStart(float[] cells, int c) {
        return Float.floatToRawIntBits(cells[STRIDE * c + LEAF_START]);
    }
}
