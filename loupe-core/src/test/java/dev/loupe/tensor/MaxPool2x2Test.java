package dev.loupe.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both implementations of {@link MaxPool2x2} against the rules written out: maxima as {@link Math#max}, switches as
 * PyTorch's strict first maximum (a first NaN beats any number). Inputs are mostly ties and special values, and the
 * planes have whole vectors of windows, a tail, and an odd last row and column that must not be read.
 */
class MaxPool2x2Test {
    private static final float[] SPECIAL = {0f, -0f, 1f, -1f, 1f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.NaN, Float.intBitsToFloat(0xffc00000), Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE,
        -Float.MAX_VALUE};
    private static final int PLANES = 7, H = 31, W = 23, OH = 15, OW = 11;

    @Test
    void plainJavaFollowsBothRules() {
        check(new MaxPool2x2.Scalar());
    }

    @Test
    void vectorApiFollowsBothRules() {
        MaxPool2x2 vector = VectorApi.load("dev.loupe.tensor.VectorMaxPool2x2", MaxPool2x2.class);
        assumeTrue(vector != null, "skipped: jdk.incubator.vector is not in the boot layer of this test JVM");
        check(vector);
    }

    private static void check(MaxPool2x2 pool) {
        Random r = new Random(5);
        float[] x = new float[PLANES * H * W];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(4) == 0 ? (float) r.nextGaussian() : SPECIAL[r.nextInt(SPECIAL.length)];
        }
        float[] maxima = new float[PLANES * OH * OW], y = new float[maxima.length];
        int[] argmax = new int[maxima.length];
        // two calls over different planes, as the parallel chunks of a layer make them
        pool.pool(x, 0, 3, H, W, maxima, null, OH, OW);
        pool.pool(x, 3, PLANES - 3, H, W, maxima, null, OH, OW);
        pool.pool(x, 0, 2, H, W, y, argmax, OH, OW);
        pool.pool(x, 2, PLANES - 2, H, W, y, argmax, OH, OW);
        for (int plane = 0; plane < PLANES; plane++) {
            for (int oy = 0; oy < OH; oy++) {
                for (int ox = 0; ox < OW; ox++) {
                    int o = (plane * OH + oy) * OW + ox;
                    int a = (plane * H + 2 * oy) * W + 2 * ox;
                    int[] candidates = {a, a + 1, a + W, a + W + 1};
                    float max = Math.max(Math.max(x[a], x[a + 1]), Math.max(x[a + W], x[a + W + 1]));
                    int at = candidates[0];
                    for (int i : candidates) {
                        if (x[i] > x[at] || Float.isNaN(x[i]) && !Float.isNaN(x[at])) {
                            at = i;
                        }
                    }
                    // Math.max returns one of two NaNs by JIT state, so NaN payloads are not compared
                    assertThat(Float.floatToIntBits(maxima[o])).as("maximum of window %d", o)
                            .isEqualTo(Float.floatToIntBits(max));
                    assertThat(argmax[o]).as("switch of window %d", o).isEqualTo(at);
                    assertThat(Float.floatToRawIntBits(y[o])).as("value of window %d", o)
                            .isEqualTo(Float.floatToRawIntBits(x[at]));
                }
            }
        }
    }
}
