package dev.loupe.embedding;

import java.util.Arrays;

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
 * <p>The children of a cell are stored together as one <em>group</em> of four slots, {@link #GROUP} consecutive
 * floats of {@link #groups}: four centres of mass x, four y, four squared side lengths, four point counts and four
 * child-group indices (−1 for a leaf). Unused slots count zero points and are leaves. A walk that opens a cell reads
 * its four children from two cache lines and tests them without going through its stack. Slot {@code s} is lane
 * {@code s % 4} of group {@code s / 4}; the root is slot 0, alone in group 0.
 */
final class QuadTree {
    /** Levels of the quadtree: coordinates are quantised to 31 bits per axis. */
    static final int MAX_DEPTH = 31;
    /** Floats per group of four slots. */
    static final int GROUP = 20;
    static final int COM_X = 0;
    static final int COM_Y = 4;
    static final int WIDTH2 = 8;
    static final int COUNT = 12;
    static final int CHILDREN = 16;

    /** The groups, {@link #GROUP} floats each. */
    final float[] groups;
    /** The point indices in Z-order: slot s covers {@code order[runStart[s], runStart[s] + count)}. */
    final int[] order;
    /** Where each slot's run of {@link #order} starts. */
    final int[] runStart;
    /** The leaf slot holding each point. */
    final int[] leafOf;
    /** Number of groups in use. */
    int size;

    private final long[] keys;
    private final float rootSize;

    /** Builds the tree over the {@code n ≥ 1} points {@code (y[2i], y[2i + 1])}. */
    QuadTree(float[] y, int n) {
        float minX = Float.POSITIVE_INFINITY, minY = Float.POSITIVE_INFINITY;
        float maxX = Float.NEGATIVE_INFINITY, maxY = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, y[2 * i]);
            maxX = Math.max(maxX, y[2 * i]);
            minY = Math.min(minY, y[2 * i + 1]);
            maxY = Math.max(maxY, y[2 * i + 1]);
        }
        rootSize = Math.max(maxX - minX, maxY - minY) * 1.0001f + 1e-12f;
        double scale = (1L << MAX_DEPTH) / (double) rootSize;
        long[] unsorted = new long[n];
        for (int i = 0; i < n; i++) {
            unsorted[i] = interleave(quantise((y[2 * i] - minX) * scale), quantise((y[2 * i + 1] - minY) * scale));
        }
        order = new int[n];
        keys = new long[n];
        sortByKey(unsorted, n, order, keys);
        // every stored internal cell has at least two children, so there are fewer than n of them
        groups = new float[GROUP * (n + 1)];
        runStart = new int[4 * (n + 1)];
        leafOf = new int[n];
        size = 1;
        emptyGroup(0);
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
            Arrays.fill(counts, 0);
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

    /** Marks the four slots of group {@code g} as empty leaves. */
    private void emptyGroup(int g) {
        Arrays.fill(groups, GROUP * g + CHILDREN, GROUP * g + CHILDREN + 4, -1f);
    }

    /** Fills slot {@code s} with the cell over the sorted run {@code [from, to)}, and its subtree. */
    private void build(int s, float[] y, int from, int to) {
        int at = GROUP * (s >> 2) + (s & 3);
        int n = to - from;
        runStart[s] = from;
        groups[at + COUNT] = n;
        // the first level at which the run's keys differ: the cell at that level is the smallest holding them all
        long differ = keys[from] ^ keys[to - 1];
        if (differ == 0) {
            double sx = 0, sy = 0;
            for (int t = from; t < to; t++) {
                int i = order[t];
                sx += y[2 * i];
                sy += y[2 * i + 1];
                leafOf[i] = s;
            }
            groups[at + COM_X] = n == 1 ? y[2 * order[from]] : (float) (sx / n);
            groups[at + COM_Y] = n == 1 ? y[2 * order[from] + 1] : (float) (sy / n);
            groups[at + CHILDREN] = -1;
            return;
        }
        int level = MAX_DEPTH - 1 - (63 - Long.numberOfLeadingZeros(differ)) / 2;
        float width = rootSize / (1L << level);
        groups[at + WIDTH2] = width * width;
        int shift = 2 * (MAX_DEPTH - 1 - level);
        int g = size++;
        emptyGroup(g);
        groups[at + CHILDREN] = g;
        double sx = 0, sy = 0;
        int lane = 0;
        for (int q = 0, start = from; q < 4; q++) {
            int end = q == 3 ? to : firstWithDigitAbove(start, to, shift, q);
            if (end > start) {
                int child = 4 * g + lane++;
                build(child, y, start, end);
                int c = GROUP * g + (child & 3);
                sx += (double) groups[c + COM_X] * (end - start);
                sy += (double) groups[c + COM_Y] * (end - start);
            }
            start = end;
        }
        groups[at + COM_X] = (float) (sx / n);
        groups[at + COM_Y] = (float) (sy / n);
    }

    /** The first position in the sorted run {@code [from, to)} whose 2-bit digit at {@code shift} exceeds q. */
    private int firstWithDigitAbove(int from, int to, int shift, int q) {
        int lo = from, hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if ((int) (keys[mid] >>> shift & 3) <= q) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The value at {@code offset} ({@link #COM_X}, ...) of slot {@code s}. */
    float get(int s, int offset) {
        return groups[GROUP * (s >> 2) + offset + (s & 3)];
    }

    /** The group of slot {@code s}'s children, or −1 for a leaf (or an unused slot). */
    int children(int s) {
        return (int) get(s, CHILDREN);
    }
}
