package dev.loupe.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both implementations of {@link Saxpy} against the definition, for every run length up to three vectors: the run
 * within two roundings (the vector version fuses the multiply-add), exactly {@code y + x} for {@code a = 1}, and
 * nothing outside the run touched.
 */
class SaxpyTest {
    @Test
    void plainJavaAddsTheRun() {
        check(new Saxpy.Scalar());
        checkMany(new Saxpy.Scalar());
    }

    @Test
    void vectorApiAddsTheRun() {
        Saxpy vector = VectorApi.load("dev.loupe.tensor.VectorSaxpy", Saxpy.class);
        assumeTrue(vector != null, "skipped: jdk.incubator.vector is not in the boot layer of this test JVM");
        check(vector);
        checkMany(vector);
    }

    /** {@code applyAll} gives the bits of one {@code apply} per term, in order, and touches nothing else. */
    private static void checkMany(Saxpy saxpy) {
        Random r = new Random(4);
        float[] x = new float[400];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        for (int n = 0; n <= 50; n++) {
            for (int count : new int[] {0, 1, 7}) {
                int[] offsets = new int[count];
                float[] a = new float[count];
                for (int i = 0; i < count; i++) {
                    offsets[i] = r.nextInt(x.length - n + 1);
                    a[i] = r.nextFloat() * 4 - 2;
                }
                float[] y = new float[n + 9];
                for (int i = 0; i < y.length; i++) {
                    y[i] = r.nextFloat();
                }
                float[] expected = y.clone();
                for (int i = 0; i < count; i++) {
                    saxpy.apply(expected, 4, x, offsets[i], n, a[i]);
                }
                saxpy.applyAll(y, 4, x, offsets, a, count, n);
                assertThat(y).as("n=%d count=%d", n, count).containsExactly(expected);
            }
        }
    }

    private static void check(Saxpy saxpy) {
        Random r = new Random(3);
        float[] x = new float[80];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        for (int n = 0; n <= 48; n++) {
            for (float a : new float[] {1f, -0.37f}) {
                float[] y = new float[70];
                for (int i = 0; i < y.length; i++) {
                    y[i] = r.nextFloat();
                }
                float[] before = y.clone();
                int yo = 5, xo = 9;
                saxpy.apply(y, yo, x, xo, n, a);
                for (int i = 0; i < y.length; i++) {
                    if (i < yo || i >= yo + n) {
                        assertThat(y[i]).as("n=%d outside the run, index %d", n, i).isEqualTo(before[i]);
                    } else if (a == 1f) {
                        assertThat(y[i]).as("n=%d index %d", n, i).isEqualTo(before[i] + x[xo + i - yo]);
                    } else {
                        double product = (double) a * x[xo + i - yo], exact = before[i] + product;
                        double scale = Math.max(Math.abs(before[i]), Math.abs(product));
                        assertThat((double) y[i]).as("n=%d a=%s index %d", n, a, i)
                                .isCloseTo(exact, org.assertj.core.data.Offset.offset(2.0 * Math.ulp((float) scale)));
                    }
                }
            }
        }
    }
}
