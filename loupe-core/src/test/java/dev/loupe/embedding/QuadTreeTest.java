package dev.loupe.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuadTreeTest {

    /** Gaussian points, with a few exact duplicates and one tight pair to force deep and multi-point leaves. */
    private static float[] points(int n, long seed) {
        Random r = new Random(seed);
        float[] y = new float[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            y[i] = (float) (r.nextGaussian() * 10);
        }
        for (int i = 0; i < 6; i++) {
            y[2 * (n - 1 - i)] = y[2 * i];
            y[2 * (n - 1 - i) + 1] = y[2 * i + 1];
        }
        y[2 * 10] = y[2 * 11] + 1e-5f;
        y[2 * 10 + 1] = y[2 * 11 + 1];
        return y;
    }

    @Test
    void everyCellSummarisesExactlyThePointsOfItsRun() {
        int n = 500;
        float[] y = points(n, 1);
        QuadTree tree = new QuadTree(y, n);
        int[] sorted = tree.order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
        assertThat(tree.get(0, QuadTree.COUNT)).isEqualTo(n);
        int leaves = 0, slots = 0;
        for (int s = 0; s < 4 * tree.size; s++) {
            int count = (int) tree.get(s, QuadTree.COUNT), from = tree.runStart[s];
            if (count == 0) {
                assertThat(tree.children(s)).as("an unused slot is an empty leaf").isEqualTo(-1);
                continue;
            }
            slots++;
            double sx = 0, sy = 0;
            float minX = Float.POSITIVE_INFINITY, maxX = Float.NEGATIVE_INFINITY;
            float minY = Float.POSITIVE_INFINITY, maxY = Float.NEGATIVE_INFINITY;
            for (int t = from; t < from + count; t++) {
                int i = tree.order[t];
                sx += y[2 * i];
                sy += y[2 * i + 1];
                minX = Math.min(minX, y[2 * i]);
                maxX = Math.max(maxX, y[2 * i]);
                minY = Math.min(minY, y[2 * i + 1]);
                maxY = Math.max(maxY, y[2 * i + 1]);
            }
            assertThat((double) tree.get(s, QuadTree.COM_X)).isCloseTo(sx / count, offset(1e-4));
            assertThat((double) tree.get(s, QuadTree.COM_Y)).isCloseTo(sy / count, offset(1e-4));
            int group = tree.children(s);
            if (group < 0) {
                leaves++;
                for (int t = from; t < from + count; t++) {
                    assertThat(tree.leafOf[tree.order[t]]).isEqualTo(s);
                }
                continue;
            }
            // the points fit in a square of the cell's side, which at least halves at each level
            float width = (float) Math.sqrt(tree.get(s, QuadTree.WIDTH2));
            assertThat(Math.max(maxX - minX, maxY - minY)).isLessThanOrEqualTo(width * 1.0001f);
            int kids = 0, childTotal = 0, next = from;
            for (int c = 4 * group; c < 4 * group + 4; c++) {
                int childCount = (int) tree.get(c, QuadTree.COUNT);
                if (childCount == 0) {
                    continue;
                }
                kids++;
                assertThat(tree.runStart[c]).isEqualTo(next);
                next += childCount;
                childTotal += childCount;
                assertThat(tree.get(c, QuadTree.WIDTH2)).isLessThanOrEqualTo(tree.get(s, QuadTree.WIDTH2) / 4);
            }
            assertThat(kids).as("cells with one child are folded into it").isBetween(2, 4);
            assertThat(childTotal).isEqualTo(count);
        }
        // 500 points, 6 of which duplicate others: 494 distinct positions, one leaf each
        assertThat(leaves).isEqualTo(n - 6);
        assertThat(slots).isLessThan(2 * n);
    }

    @Test
    void mortonKeyInterleavesXInEvenAndYInOddBits() {
        assertThat(QuadTree.interleave(0b101, 0)).isEqualTo(0b010001L);
        assertThat(QuadTree.interleave(0, 0b11)).isEqualTo(0b1010L);
        assertThat(QuadTree.interleave(0x7fffffffL, 0x7fffffffL)).isEqualTo((1L << 62) - 1);
    }
}
