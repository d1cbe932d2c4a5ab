package dev.loupe.embedding;

/**
 * A Barnes–Hut quadtree over 2-D points, built by recursive in-place partitioning of an index array. Each cell keeps
 * its centre of mass and point count; leaves hold one point (or several identical ones at the depth limit).
 */
final class QuadTree {
    static final int MAX_DEPTH = 48;

    final float[] comX;
    final float[] comY;
    final int[] count;
    /** Squared side length of each cell, for the opening test. */
    final float[] width2;
    final int[] firstChild;
    final int[] childCount;
    final int[] leafStart;
    final int[] order;
    int cells;

    QuadTree(float[] y, int n) {
        int capacity = 4 * n + 16;
        comX = new float[capacity];
        comY = new float[capacity];
        count = new int[capacity];
        width2 = new float[capacity];
        firstChild = new int[capacity];
        childCount = new int[capacity];
        leafStart = new int[capacity];
        order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        float minX = Float.POSITIVE_INFINITY, minY = Float.POSITIVE_INFINITY;
        float maxX = Float.NEGATIVE_INFINITY, maxY = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, y[2 * i]);
            maxX = Math.max(maxX, y[2 * i]);
            minY = Math.min(minY, y[2 * i + 1]);
            maxY = Math.max(maxY, y[2 * i + 1]);
        }
        float size = Math.max(maxX - minX, maxY - minY) * 1.0001f + 1e-12f;
        cells = 1;
        build(0, y, 0, n, minX, minY, size, 0);
    }

    /** Builds cell {@code c} over {@code order[from, to)} inside the square at (x0, y0) of side {@code size}. */
    private void build(int c, float[] y, int from, int to, float x0, float y0, float size, int depth) {
        int n = to - from;
        double sx = 0, sy = 0;
        for (int i = from; i < to; i++) {
            sx += y[2 * order[i]];
            sy += y[2 * order[i] + 1];
        }
        comX[c] = (float) (sx / n);
        comY[c] = (float) (sy / n);
        count[c] = n;
        width2[c] = size * size;
        leafStart[c] = from;
        if (n == 1 || depth >= MAX_DEPTH) {
            firstChild[c] = -1;
            return;
        }
        float half = size / 2, mx = x0 + half, my = y0 + half;
        // partition into quadrants: (x<mx,y<my), (x>=mx,y<my), (x<mx,y>=my), (x>=mx,y>=my)
        int splitY = partition(y, from, to, 1, my);
        int splitX0 = partition(y, from, splitY, 0, mx);
        int splitX1 = partition(y, splitY, to, 0, mx);
        int[] bounds = {from, splitX0, splitY, splitX1, to};
        int kids = 0;
        for (int q = 0; q < 4; q++) {
            if (bounds[q + 1] > bounds[q]) {
                kids++;
            }
        }
        int first = cells;
        cells += kids;
        firstChild[c] = first;
        childCount[c] = kids;
        int k = 0;
        for (int q = 0; q < 4; q++) {
            if (bounds[q + 1] > bounds[q]) {
                float qx = (q & 1) == 0 ? x0 : mx, qy = (q & 2) == 0 ? y0 : my;
                build(first + k++, y, bounds[q], bounds[q + 1], qx, qy, half, depth + 1);
            }
        }
    }

    /** Moves indices with coordinate {@code axis} below {@code pivot} to the front; returns the split point. */
    private int partition(float[] y, int from, int to, int axis, float pivot) {
        int i = from, j = to - 1;
        while (i <= j) {
            if (y[2 * order[i] + axis] < pivot) {
                i++;
            } else {
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
                j--;
            }
        }
        return i;
    }
}
