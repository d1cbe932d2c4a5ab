package dev.loupe.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeatmapTest {
    /** abs values sorted: 0, 0, 1, ..., 8, 9, 10 (12 values). */
    private static final Tensor SIGNED = Tensor.of(new float[] {-10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0}, 3, 4);

    @Test
    void percentileInterpolatesBetweenOrderStatisticsLikeNumpy() {
        // numpy.percentile(abs(x), 95): rank 0.95 * 11 = 10.45, between sorted[10] = 9 and sorted[11] = 10.
        assertThat(Heatmap.absPercentile(SIGNED, 95)).isCloseTo(9.45, within(1e-9));
        assertThat(Heatmap.absPercentile(SIGNED, 100)).isEqualTo(10);
        // rank 0.5 * 11 = 5.5, between sorted[5] = 4 and sorted[6] = 5.
        assertThat(Heatmap.absPercentile(SIGNED, 50)).isCloseTo(4.5, within(1e-9));
    }

    @Test
    void percentileClippingIgnoresARareOutlierThatAbsMaxWouldFollow() {
        Random random = new Random(7);
        float[] v = new float[10_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        v[1234] = 1000;
        Tensor plane = Tensor.wrap(v, 100, 100);
        HeatmapStyle style = HeatmapStyle.signed();
        assertThat(Heatmap.range(plane, style).high()).isEqualTo(1000);
        ValueRange clipped = Heatmap.range(plane, style.withPercentile(99.5));
        // |U(-1, 1)| is U(0, 1), whose 99.5th percentile is 0.995.
        assertThat(clipped.high()).isCloseTo(0.995, within(0.005));
        assertThat(clipped.low()).isEqualTo(-clipped.high());
        BufferedImage img = Heatmap.colorize(plane, style.colormap(), clipped);
        assertThat(img.getRGB(1234 % 100, 1234 / 100) & 0xFFFFFF).isEqualTo(0xFF0000); // saturated red
    }

    @Test
    void divergingRangesAreSymmetricAroundZeroEvenForOneSignedData() {
        Tensor positive = Tensor.of(new float[] {0.5f, 2, 1, 0.25f}, 2, 2);
        ValueRange r = Heatmap.range(positive, HeatmapStyle.signed());
        assertThat(r.low()).isEqualTo(-2);
        assertThat(r.high()).isEqualTo(2);
        ValueRange p = Heatmap.range(SIGNED, HeatmapStyle.signed().withPercentile(95));
        assertThat(p.low()).isCloseTo(-9.45, within(1e-6));
        assertThat(p.isSymmetric()).isTrue();
    }

    @Test
    void zeroIsWhiteAndExtremesAreBlueAndRedUnderBwr() {
        BufferedImage img = Heatmap.render(SIGNED, HeatmapStyle.signed());
        assertThat(img.getWidth()).isEqualTo(4);
        assertThat(img.getHeight()).isEqualTo(3);
        assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x0000FF); // -10 = -max
        assertThat(img.getRGB(2, 2) & 0xFFFFFF).isEqualTo(0xFFFFFF); // 0
        // 5 of max 10 is position 0.75: halfway from white to red = (1, 0.5, 0.5).
        assertThat(img.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xFF8080);
    }

    @Test
    void aSharedRangeCoversEveryMap() {
        Tensor a = Tensor.of(new float[] {1, -2}, 1, 2);
        Tensor b = Tensor.of(new float[] {0.5f, 3, -0.5f, 0}, 2, 2);
        assertThat(Heatmap.range(List.of(a, b), HeatmapStyle.signed())).isEqualTo(ValueRange.symmetric(3));
        HeatmapStyle minMax = HeatmapStyle.magnitude().withRangeMode(RangeMode.MIN_MAX);
        assertThat(Heatmap.range(List.of(a, b), minMax)).isEqualTo(new ValueRange(-2, 3));
        // On the shared scale, a's largest value 1 is a third of the way to red, not saturated.
        BufferedImage img = Heatmap.colorize(a, Colormap.BWR, Heatmap.range(List.of(a, b), HeatmapStyle.signed()));
        assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(Colormap.BWR.rgb(4.0 / 6));
    }

    @Test
    void sequentialAbsMaxStartsAtZero() {
        HeatmapStyle style = HeatmapStyle.magnitude();
        ValueRange r = Heatmap.range(Tensor.of(new float[] {1, 3, 2, 4}, 2, 2), style);
        assertThat(r).isEqualTo(new ValueRange(0, 4));
    }

    @Test
    void minMaxSendsExtremesToTheColormapEnds() {
        Tensor plane = Tensor.of(new float[] {3, 5, 4, 7}, 2, 2);
        HeatmapStyle style = HeatmapStyle.magnitude().withRangeMode(RangeMode.MIN_MAX);
        assertThat(Heatmap.range(plane, style)).isEqualTo(new ValueRange(3, 7));
        BufferedImage img = Heatmap.render(plane, style);
        assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(Colormap.INFERNO.rgb(0));
        assertThat(img.getRGB(1, 1) & 0xFFFFFF).isEqualTo(Colormap.INFERNO.rgb(1));
        assertThat(img.getRGB(1, 0) & 0xFFFFFF).isEqualTo(Colormap.INFERNO.rgb(0.5));
    }

    @Test
    void degenerateMapsStillRender() {
        Tensor zeros = Tensor.zeros(2, 2);
        assertThat(Heatmap.range(zeros, HeatmapStyle.signed())).isEqualTo(new ValueRange(-1, 1));
        assertThat(Heatmap.render(zeros, HeatmapStyle.signed()).getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        Tensor constant = Tensor.full(3, 2, 2);
        HeatmapStyle minMax = HeatmapStyle.signed().withRangeMode(RangeMode.MIN_MAX);
        assertThat(Heatmap.render(constant, minMax).getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        Tensor withNan = Tensor.of(new float[] {Float.NaN, 2, -1, Float.POSITIVE_INFINITY}, 2, 2);
        assertThat(Heatmap.range(withNan, HeatmapStyle.signed())).isEqualTo(new ValueRange(-2, 2));
    }

    @Test
    void channelReductionsSumOrTakeTheLargestMagnitude() {
        // [1, 2, 1, 2]: channel 0 = {1, -3}, channel 1 = {2, 1}.
        Tensor map = Tensor.of(new float[] {1, -3, 2, 1}, 1, 2, 1, 2);
        assertThat(Heatmap.plane(map, 0, ChannelReduction.SUM).data()).containsExactly(3, -2);
        assertThat(Heatmap.plane(map, 0, ChannelReduction.MAX_ABS).data()).containsExactly(2, 3);
        assertThat(Heatmap.channel(map, 0, 1).data()).containsExactly(2, 1);
        assertThat(Heatmap.plane(map, 0, ChannelReduction.SUM).shape()).containsExactly(1, 2);
    }

    @Test
    void picksOneImageOfABatchAndAcceptsEveryDocumentedShape() {
        Tensor batch = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 1, 2, 2);
        assertThat(Heatmap.plane(batch, 1, ChannelReduction.SUM).data()).containsExactly(5, 6, 7, 8);
        Tensor chw = Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2);
        assertThat(Heatmap.plane(chw, 0, ChannelReduction.SUM).data()).containsExactly(1, 2, 3, 4);
        BufferedImage a = Heatmap.render(batch.item(1), HeatmapStyle.signed());
        BufferedImage b = Heatmap.render(Heatmap.plane(batch, 1, ChannelReduction.SUM), HeatmapStyle.signed());
        assertThat(a.getRGB(0, 0, 2, 2, null, 0, 2)).containsExactly(b.getRGB(0, 0, 2, 2, null, 0, 2));
    }

    @Test
    void badShapesAndIndicesAreUserErrors() {
        assertThatThrownBy(() -> Heatmap.render(Tensor.zeros(5), HeatmapStyle.signed()))
                .isInstanceOf(LoupeException.class).hasMessageContaining("[5]");
        assertThatThrownBy(() -> Heatmap.render(Tensor.zeros(2, 1, 3, 3), 2, HeatmapStyle.signed()))
                .isInstanceOf(LoupeException.class).hasMessageContaining("image 2");
        assertThatThrownBy(() -> Heatmap.channel(Tensor.zeros(1, 2, 3, 3), 0, 2))
                .isInstanceOf(LoupeException.class).hasMessageContaining("channel 2");
        assertThatThrownBy(() -> new HeatmapStyle(Colormap.BWR, RangeMode.PERCENTILE, 0, ChannelReduction.SUM))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
