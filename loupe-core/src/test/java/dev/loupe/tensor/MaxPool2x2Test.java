package dev.loupe.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Both implementations of {@link MaxPool2x2} against the rules written out: maxima as {@link Math#max}, switches as
 * PyTorch's strict first maximum (a first NaN beats any number). Inputs are mostly ties and special values, and the
 * planes have whole vectors of windows, a tail, and an odd last row and column that must not be read; small planes
 * (under 64 windows) are also pooled several at a time, in runs that end inside a call.
 */
class MaxPool2x2Test {
    private static final float[] SPECIAL = {0f, -0f, 1f, -1f, 1f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.NaN, Float.intBitsToFloat(0xffc00000), Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE,
        -Float.MAX_VALUE};
    private static final int PLANES = 7;
    /** Plane sizes {@code {H, W, OH, OW}}: large planes, and small ones pooled several at a time. */
    private static final int[][] SIZES = {{31, 23, 15, 11}, {11, 9, 5, 4}};

    @Test
    void plainJavaFollowsBothRules() {
        for (int[] size : SIZES) {
            check(new MaxPool2x2.Scalar(), size[0], size[1], size[2], size[3]);
        }
    }

    @Test
    void vectorApiFollowsBothRules() {
        MaxPool2x2 vector = VectorApi.load("dev.loupe.tensor.VectorMaxPool2x2", MaxPool2x2.class);
        assumeTrue(vector != null, "skipped: jdk.incubator.vector is not in the boot layer of this test JVM");
        for (int[] size : SIZES) {
            check(vector, size[0], size[1], size[2], size[3]);
        }
    }

    private static void check(MaxPool2x2 pool, int h, int w, int oh, int ow) {
        Random r = new Random(5);
        float[] x = new float[PLANES * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(4) == 0 ? (float) r.nextGaussian() : SPECIAL[r.nextInt(SPECIAL.length)];
        }
        float[] maxima = new float[PLANES * oh * ow], y = new float[maxima.length];
        int[] argmax = new int[maxima.length];
        // two calls over different planes, as the parallel chunks of a layer make them
        pool.pool(x, 0, 3, h, w, maxima, null, oh, ow);
        pool.pool(x, 3, PLANES - 3, h, w, maxima, null, oh, ow);
        pool.pool(x, 0, 2, h, w, y, argmax, oh, ow);
        pool.pool(x, 2, PLANES - 2, h, w, y, argmax, oh, ow);
        for (int plane = 0; plane < PLANES; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int o = (plane * oh + oy) * ow + ox;
                    int a = (plane * h + 2 * oy) * w + 2 * ox;
                    int[] candidates = {a, a + 1, a + w, a + w + 1};
                    float max = Math.max(Math.max(x[a], x[a + 1]), Math.max(x[a + w], x[a + w + 1]));
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
