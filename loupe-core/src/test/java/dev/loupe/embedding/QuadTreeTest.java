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
        assertThat(tree.cells[QuadTree.COUNT]).isEqualTo(n);
        int leaves = 0;
        for (int c = 0; c < tree.size; c++) {
            int at = QuadTree.STRIDE * c, from = QuadTree.leafStart(tree.cells, c);
            int count = (int) tree.cells[at + QuadTree.COUNT];
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
            assertThat((double) tree.cells[at + QuadTree.COM_X]).isCloseTo(sx / count, offset(1e-4));
            assertThat((double) tree.cells[at + QuadTree.COM_Y]).isCloseTo(sy / count, offset(1e-4));
            int first = QuadTree.firstChild(tree.cells, c);
            if (first < 0) {
                leaves++;
                for (int t = from; t < from + count; t++) {
                    assertThat(tree.leafOf[tree.order[t]]).isEqualTo(c);
                }
                continue;
            }
            // the points fit in a square of the cell's side, which halves at each level
            float width = (float) Math.sqrt(tree.cells[at + QuadTree.WIDTH2]);
            assertThat(Math.max(maxX - minX, maxY - minY)).isLessThanOrEqualTo(width * 1.0001f);
            int kids = QuadTree.childCount(tree.cells, c);
            assertThat(kids).as("cells with one child are folded into it").isBetween(2, 4);
            int childTotal = 0, next = from;
            for (int k = first; k < first + kids; k++) {
                assertThat(QuadTree.leafStart(tree.cells, k)).isEqualTo(next);
                int childCount = (int) tree.cells[QuadTree.STRIDE * k + QuadTree.COUNT];
                next += childCount;
                childTotal += childCount;
                assertThat(tree.cells[QuadTree.STRIDE * k + QuadTree.WIDTH2])
                        .isLessThanOrEqualTo(tree.cells[at + QuadTree.WIDTH2] / 4);
            }
            assertThat(childTotal).isEqualTo(count);
        }
        // 500 points, 6 of which duplicate others: 494 distinct positions, one leaf each
        assertThat(leaves).isEqualTo(n - 6);
    }

    @Test
    void mortonKeyInterleavesXInEvenAndYInOddBits() {
        assertThat(QuadTree.interleave(0b101, 0)).isEqualTo(0b010001L);
        assertThat(QuadTree.interleave(0, 0b11)).isEqualTo(0b1010L);
        assertThat(QuadTree.interleave(0x7fffffffL, 0x7fffffffL)).isEqualTo((1L << 62) - 1);
    }
}
