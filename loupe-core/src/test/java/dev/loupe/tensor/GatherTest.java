package dev.loupe.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both implementations of {@link Gather} against the definition, at offsets, on a strip of two vectors; and their
 * two-run loads for every split of a vector.
 */
class GatherTest {
    @Test
    void plainJavaGathersByIndex() {
        check(new Gather.Scalar());
    }

    @Test
    void vectorApiGathersByIndex() {
        Gather vector = VectorApi.load("dev.loupe.tensor.VectorGather", Gather.class);
        assumeTrue(vector != null, "skipped: jdk.incubator.vector is not in the boot layer of this test JVM");
        check(vector);
        checkRuns(vector);
    }

    @Test
    void plainJavaLoadsRuns() {
        checkRuns(new Gather.Scalar());
    }

    /** Rows r of taps {@code 3r}: lane i from {@code first + i} before the split, {@code second + i} from it on. */
    private static void checkRuns(Gather gather) {
        int lanes = gather.width(), rows = 5, step = lanes + 3;
        float[] src = new float[200];
        for (int i = 0; i < src.length; i++) {
            src[i] = i + 0.5f;
        }
        int[] tap = new int[rows + 2];
        for (int r = 0; r < tap.length; r++) {
            tap[r] = 3 * r;
        }
        for (int split = 1; split <= lanes; split++) {
            int first = 11, second = 60, d = 2;
            float[] dst = new float[d + rows * step];
            gather.runs(src, tap, 1, 1 + rows, first, second, split, dst, d, step);
            for (int r = 1; r <= rows; r++) {
                for (int i = 0; i < lanes; i++) {
                    float expected = src[(i < split ? first : second) + i + tap[r]];
                    assertThat(dst[d + (r - 1) * step + i]).as("split %d row %d lane %d", split, r, i)
                            .isEqualTo(expected);
                }
            }
            assertThat(dst[d + lanes]).as("between rows").isZero();
        }
    }

    private static void check(Gather gather) {
        Random r = new Random(9);
        float[] src = new float[500];
        for (int i = 0; i < src.length; i++) {
            src[i] = r.nextFloat();
        }
        int n = 2 * Math.max(16, gather.width()), from = 3, off = 7, d = 5;
        int[] index = new int[from + n];
        for (int i = 0; i < index.length; i++) {
            index[i] = r.nextInt(src.length - off);
        }
        float[] dst = new float[d + n + 2];
        gather.apply(src, off, index, from, dst, d, n);
        for (int i = 0; i < n; i++) {
            assertThat(dst[d + i]).as("lane %d", i).isEqualTo(src[off + index[from + i]]);
        }
        assertThat(dst[d - 1]).isZero();
        assertThat(dst[d + n]).isZero();
    }
}
