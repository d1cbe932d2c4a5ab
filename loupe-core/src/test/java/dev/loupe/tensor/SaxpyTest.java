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
        checkCombinations(new Saxpy.Scalar());
    }

    @Test
    void vectorApiAddsTheRun() {
        Saxpy vector = VectorApi.load("dev.loupe.tensor.VectorSaxpy", Saxpy.class);
        assumeTrue(vector != null, "skipped: jdk.incubator.vector is not in the boot layer of this test JVM");
        check(vector);
        checkMany(vector);
        checkCombinations(vector);
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

    /**
     * {@code addCombinations} against sums in double, for every run count to 19 (each block width and remainder of
     * the vector version) and term count to 20, from a first run past 0: each run within float rounding of its sum,
     * the runs before the first and everything between and after the runs untouched.
     */
    private static void checkCombinations(Saxpy saxpy) {
        Random r = new Random(5);
        int width = saxpy.width();
        float[] x = new float[600];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        for (int runs = 0; runs <= 19; runs++) {
            for (int terms = 0; terms <= 20; terms++) {
                int first = runs % 3 == 0 ? 0 : 1, from = terms % 2;
                int[] yAt = new int[runs], xAt = new int[runs];
                for (int k = 0; k < runs; k++) {
                    yAt[k] = 3 + k * (width + 2);
                    xAt[k] = r.nextInt(100);
                }
                int[] offsets = new int[from + terms];
                float[] a = new float[from + terms];
                for (int i = 0; i < offsets.length; i++) {
                    offsets[i] = r.nextInt(x.length - 110 - width);
                    a[i] = r.nextFloat() * 4 - 2;
                }
                float[] y = new float[3 + runs * (width + 2) + 5];
                for (int i = 0; i < y.length; i++) {
                    y[i] = r.nextFloat();
                }
                float[] before = y.clone();
                saxpy.addCombinations(y, 0, yAt, x, 7, xAt, first, runs, offsets, a, from, from + terms);
                boolean[] inRun = new boolean[y.length];
                for (int k = first; k < runs; k++) {
                    for (int j = 0; j < width; j++) {
                        int at = yAt[k] + j;
                        inRun[at] = true;
                        double sum = before[at], abs = Math.abs(before[at]);
                        for (int i = from; i < from + terms; i++) {
                            double term = (double) a[i] * x[7 + xAt[k] + offsets[i] + j];
                            sum += term;
                            abs += Math.abs(term);
                        }
                        assertThat((double) y[at]).as("runs=%d terms=%d run %d lane %d", runs, terms, k, j)
                                .isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-6 * (abs + 1)));
                    }
                }
                for (int i = 0; i < y.length; i++) {
                    if (!inRun[i]) {
                        assertThat(y[i]).as("runs=%d terms=%d, untouched %d", runs, terms, i).isEqualTo(before[i]);
                    }
                }
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
