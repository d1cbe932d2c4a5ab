package dev.loupe.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both implementations of {@link Splice} against the definition, for rows up to past one vector, every patched range
 * and both spill settings: the row exact, nothing before it touched, and nothing after it unless spilling was allowed
 * (then at most {@code width()} values from the row's start).
 */
class SpliceTest {
    @Test
    void plainJavaSplicesTheRow() {
        check(new Splice());
    }

    @Test
    void vectorApiSplicesTheRow() {
        Splice vector = VectorApi.load("dev.loupe.tensor.VectorSplice", Splice.class);
        assumeTrue(vector != null, "skipped: jdk.incubator.vector is not in the boot layer of this test JVM");
        check(vector);
    }

    private static void check(Splice splice) {
        Random r = new Random(5);
        float[] base = random(r, 90), patch = random(r, 90);
        for (int n = 1; n <= 20; n++) {
            for (int from = 0; from <= n; from++) {
                for (int to = from; to <= n; to++) {
                    for (boolean spill : new boolean[] {false, true}) {
                        float[] dst = random(r, 60), before = dst.clone();
                        int b = 7 + n, p = 30 - from, d = 9;
                        splice.row(base, b, patch, p, from, to, dst, d, n, spill);
                        String what = "n=" + n + " [" + from + ", " + to + ") spill " + spill;
                        for (int j = 0; j < n; j++) {
                            float expected = j >= from && j < to ? patch[p + j] : base[b + j];
                            assertThat(dst[d + j]).as(what + " column " + j).isEqualTo(expected);
                        }
                        int touchedEnd = spill ? Math.max(d + n, d + splice.width()) : d + n;
                        for (int i = 0; i < dst.length; i++) {
                            if (i < d || i >= touchedEnd) {
                                assertThat(dst[i]).as(what + " outside, index " + i).isEqualTo(before[i]);
                            }
                        }
                    }
                }
            }
        }
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat();
        }
        return a;
    }
}
