package dev.loupe.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The 2×2 fast path against PyTorch's rule, written out: first strict maximum wins, a NaN beats any number. */
class MaxPool2dTest {
    private static final float[] SPECIAL = {0f, -0f, 1f, -1f, 1f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.NaN, Float.intBitsToFloat(0xffc00000), Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE,
        -Float.MAX_VALUE};

    @Test
    void twoByTwoWindowsFollowTheStrictFirstMaximumRule() {
        Random r = new Random(5);
        int n = 3, c = 4, h = 30, w = 22;
        float[] x = new float[n * c * h * w];
        for (int i = 0; i < x.length; i++) {
            // mostly ties and special values, so every branch of the rule is met many times
            x[i] = r.nextInt(4) == 0 ? (float) r.nextGaussian() : SPECIAL[r.nextInt(SPECIAL.length)];
        }
        LayerOutput out = new MaxPool2d(PoolWindow.of(2)).forward(List.of(Tensor.wrap(x, n, c, h, w)),
                ForwardOptions.inference(Parallel.of(2)));
        int[] argmax = ((LayerState.PoolSwitches) out.state()).argmax();
        float[] y = out.value().data();
        int oh = h / 2, ow = w / 2;
        for (int plane = 0; plane < n * c; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int o = (plane * oh + oy) * ow + ox;
                    int at = -1;
                    float best = 0;
                    for (int ky = 0; ky < 2; ky++) {
                        for (int kx = 0; kx < 2; kx++) {
                            int i = (plane * h + 2 * oy + ky) * w + 2 * ox + kx;
                            if (at < 0 || x[i] > best || Float.isNaN(x[i]) && !Float.isNaN(best)) {
                                best = x[i];
                                at = i;
                            }
                        }
                    }
                    assertThat(argmax[o]).as("window %d", o).isEqualTo(at);
                    assertThat(Float.floatToRawIntBits(y[o])).isEqualTo(Float.floatToRawIntBits(x[at]));
                }
            }
        }
    }
}
