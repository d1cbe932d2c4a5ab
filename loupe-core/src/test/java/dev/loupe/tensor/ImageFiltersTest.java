package dev.loupe.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Blur, bilinear resize and roll against hand-computed values and invariants. */
class ImageFiltersTest {

    @Test
    void bilinearResizeMatchesPyTorchHalfPixelRule() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3}, 1, 1, 2, 2);
        // torch.nn.functional.interpolate(x, size=4, mode='bilinear', align_corners=False)
        float[] expected = {0, 0.25f, 0.75f, 1, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2, 2.25f, 2.75f, 3};
        assertThat(ImageFilters.resizeBilinear(x, 4, 4).data()).containsExactly(expected, offset(1e-6f));
        // downsampling by 2 averages each 2×2 block's centre pair
        Tensor y = Tensor.of(new float[] {0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30}, 1, 1, 4, 4);
        assertThat(ImageFilters.resizeBilinear(y, 2, 2).data()).containsExactly(new float[] {5, 9, 21, 25},
                offset(1e-5f));
        Tensor same = Tensor.randn(new Random(1), 1f, 2, 3, 5, 7);
        assertThat(ImageFilters.resizeBilinear(same, 5, 7).data()).containsExactly(same.data());
    }

    @Test
    void blurKeepsConstantsAndSpreadsAnImpulseSymmetrically() {
        Tensor c = Tensor.full(0.7f, 1, 2, 9, 9);
        for (float v : ImageFilters.gaussianBlur(c, 1.5).data()) {
            assertThat(v).isCloseTo(0.7f, offset(1e-6f));
        }
        Tensor impulse = Tensor.zeros(1, 1, 15, 15);
        impulse.set(1f, 0, 0, 7, 7);
        Tensor b = ImageFilters.gaussianBlur(impulse, 1.0);
        assertThat(b.sum()).isCloseTo(1.0, offset(1e-5));
        assertThat(b.get(0, 0, 7, 5)).isEqualTo(b.get(0, 0, 5, 7)).isEqualTo(b.get(0, 0, 9, 7));
        // separable Gaussian: weight(2)/weight(0) = exp(−2) along one axis
        assertThat((double) b.get(0, 0, 7, 9) / b.get(0, 0, 7, 7)).isCloseTo(Math.exp(-2), offset(1e-5));
    }

    @Test
    void rollMovesContentAndUndoesItself() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 1, 2, 3);
        Tensor r = ImageFilters.roll(x, 1, 1);
        assertThat(r.data()).containsExactly(6, 4, 5, 3, 1, 2);
        assertThat(ImageFilters.roll(r, -1, -1).data()).containsExactly(x.data());
    }

    @Test
    void quantileInterpolatesBetweenOrderStatistics() {
        double[] v = {4, 1, 3, 2};
        assertThat(Statistics.quantile(v, 0)).isEqualTo(1);
        assertThat(Statistics.quantile(v, 1)).isEqualTo(4);
        assertThat(Statistics.quantile(v, 0.5)).isEqualTo(2.5);
        assertThat(Statistics.quantile(v, 0.9)).isCloseTo(3.7, offset(1e-12));
    }
}
