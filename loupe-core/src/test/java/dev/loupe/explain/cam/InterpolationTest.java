package dev.loupe.explain.cam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Values PyTorch's {@code F.interpolate} gives on the CPU for the same inputs. */
class InterpolationTest {
    private final Tensor square = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);

    @Test
    void bilinearUsesHalfPixelCentresAndClampsTheEdges() {
        Tensor up = Interpolation.BILINEAR.resize(square, 4, 4);
        assertThat(up.data()).containsExactly(new float[] {
                1, 1.25f, 1.75f, 2,
                1.5f, 1.75f, 2.25f, 2.5f,
                2.5f, 2.75f, 3.25f, 3.5f,
                3, 3.25f, 3.75f, 4}, within(1e-6f));
        // 2 → 3 columns: sources −1/6 (clamped to 0), 1/2 and 7/6 (right neighbour clamped)
        Tensor row = Interpolation.BILINEAR.resize(Tensor.of(new float[] {0, 6}, 1, 1, 1, 2), 1, 3);
        assertThat(row.data()).containsExactly(new float[] {0, 3, 6}, within(1e-5f));
    }

    /** align_corners=True: 2 → 4 samples the input at 0, 1/3, 2/3 and 1 of its span. */
    @Test
    void alignedBilinearKeepsTheCorners() {
        Tensor up = Interpolation.BILINEAR_ALIGNED.resize(Tensor.of(new float[] {0, 3}, 1, 1, 1, 2), 1, 4);
        assertThat(up.data()).containsExactly(new float[] {0, 1, 2, 3}, within(1e-6f));
        Tensor one = Interpolation.BILINEAR_ALIGNED.resize(Tensor.of(new float[] {7, 9}, 1, 1, 1, 2), 1, 1);
        assertThat(one.data()).containsExactly(7f);
    }

    @Test
    void legacyNearestFloorsTheScaledIndex() {
        assertThat(Interpolation.NEAREST.resize(square, 4, 4).data()).containsExactly(
                1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
        // 3 → 7: floor(d·3/7) = 0,0,0,1,1,2,2
        Tensor row = Interpolation.NEAREST.resize(Tensor.of(new float[] {10, 20, 30}, 1, 1, 1, 3), 1, 7);
        assertThat(row.data()).containsExactly(10, 10, 10, 20, 20, 30, 30);
    }

    @Test
    void theSameSizeIsTheIdentity() {
        Tensor t = Tensor.of(new float[] {5, -1, 2, 7, 0, 3}, 1, 2, 1, 3);
        for (Interpolation i : Interpolation.values()) {
            assertThat(i.resize(t, 1, 3).data()).containsExactly(t.data());
        }
    }
}
