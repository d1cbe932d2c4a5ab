package dev.loupe.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both implementations of {@link Gather} against the definition, at offsets, on a strip of two vectors. */
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
