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
    }

    @Test
    void vectorApiAddsTheRun() {
        Saxpy vector = VectorApi.load("dev.loupe.tensor.VectorSaxpy", Saxpy.class);
        assumeTrue(vector != null, "skipped: jdk.incubator.vector is not in the boot layer of this test JVM");
        check(vector);
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
