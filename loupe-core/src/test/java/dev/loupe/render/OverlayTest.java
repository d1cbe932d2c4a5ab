package dev.loupe.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.data.Normalization;
import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class OverlayTest {
    /** A 2 × 2 grey input with values 0, 51, 204, 255 (of 255), standardised with the MNIST statistics. */
    private static Tensor mnistInput() {
        float[] raw = {0, 51 / 255f, 204 / 255f, 1};
        float[] standardised = new float[4];
        for (int i = 0; i < 4; i++) {
            standardised[i] = (float) ((raw[i] - 0.1307) / 0.3081);
        }
        return Tensor.of(standardised, 1, 1, 2, 2);
    }

    /** The pixels of a 2 × 2 image, row by row, as 0xRRGGBB. */
    private static int[] rgb(BufferedImage img) {
        int[] p = img.getRGB(0, 0, 2, 2, null, 0, 2);
        for (int i = 0; i < p.length; i++) {
            p[i] &= 0xFFFFFF;
        }
        return p;
    }

    private static final Tensor MAP = Tensor.of(new float[] {-1, 0, 0.5f, 1}, 1, 1, 2, 2);

    @Test
    void alphaZeroShowsTheDenormalisedInputInGrey() {
        BufferedImage img = Overlay.render(mnistInput(), MAP, 0, HeatmapStyle.signed(), 0, Normalization.MNIST);
        assertThat(rgb(img))
                .containsExactly(0x000000, 0x333333, 0xCCCCCC, 0xFFFFFF);
    }

    @Test
    void alphaOneShowsTheHeatmapAndHalfAveragesThem() {
        BufferedImage heat = Overlay.render(mnistInput(), MAP, 0, HeatmapStyle.signed(), 1, Normalization.MNIST);
        assertThat(rgb(heat))
                .containsExactly(0x0000FF, 0xFFFFFF, 0xFF8080, 0xFF0000);
        BufferedImage half = Overlay.render(mnistInput(), MAP, 0, HeatmapStyle.signed(), 0.5, Normalization.MNIST);
        // Pixel 1: grey 51 and white 255 average to 153 (0x99); pixel 2: grey 204 with (255, 128, 128).
        assertThat(half.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x999999);
        assertThat(half.getRGB(0, 1) & 0xFFFFFF).isEqualTo(((230 << 16) | (166 << 8) | 166));
    }

    @Test
    void magnitudeOpacityLeavesSilentPixelsUntouched() {
        BufferedImage img = Overlay.render(mnistInput(), MAP, 0, HeatmapStyle.signed(), 1, Opacity.BY_MAGNITUDE,
                Normalization.MNIST);
        // Values -1, 0, 0.5, 1 of max 1: weights 1, 0, 0.5, 1. Pixel 2 mixes grey 204 with (255, 128, 128) half-half.
        assertThat(rgb(img)).containsExactly(0x0000FF, 0x333333, (230 << 16) | (166 << 8) | 166, 0xFF0000);
        // Sequential maps weigh by t itself: value 0.5 of max 1 over grey 204 gives half of inferno(0.5).
        BufferedImage seq = Overlay.render(mnistInput(), MAP.map(Math::abs), 0, HeatmapStyle.magnitude(), 1,
                Opacity.BY_MAGNITUDE, Normalization.MNIST);
        int inferno = Colormap.INFERNO.rgb(0.5);
        int expectedRed = (int) Math.round(0.5 * 204 + 0.5 * ((inferno >> 16) & 0xFF));
        assertThat((seq.getRGB(0, 1) >> 16) & 0xFF).isEqualTo(expectedRed);
        assertThat(seq.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x333333);
    }

    @Test
    void aCoarseMapIsResampledToTheInputSize() {
        Tensor input = Tensor.zeros(1, 3, 8, 8);
        Tensor coarse = Tensor.of(new float[] {-1, 1}, 1, 1, 1, 2); // left half negative, right half positive
        BufferedImage img = Overlay.render(input, coarse, 0, HeatmapStyle.signed(), 1);
        assertThat(img.getWidth()).isEqualTo(8);
        assertThat(img.getHeight()).isEqualTo(8);
        for (int y = 0; y < 8; y++) {
            assertThat(img.getRGB(0, y) & 0xFFFFFF).isEqualTo(0x0000FF);
            assertThat(img.getRGB(7, y) & 0xFFFFFF).isEqualTo(0xFF0000);
            // Columns 3 and 4 sit symmetrically around the middle: a light blue and the matching light red.
            int left = img.getRGB(3, y);
            int right = img.getRGB(4, y);
            assertThat(left & 0xFF).isEqualTo((right >> 16) & 0xFF);
        }
    }

    @Test
    void colourInputsUsePerChannelStatisticsAndTheChosenImage() {
        // Two RGB 1 × 1 images; image 1 standardised with ImageNet statistics encodes (1, 0.5, 0).
        float[] v = new float[6];
        double[] mean = {0.485, 0.456, 0.406};
        double[] std = {0.229, 0.224, 0.225};
        double[] rgb = {1, 0.5, 0};
        for (int c = 0; c < 3; c++) {
            v[3 + c] = (float) ((rgb[c] - mean[c]) / std[c]);
        }
        Tensor input = Tensor.of(v, 2, 3, 1, 1);
        BufferedImage img = Overlay.render(input, Tensor.zeros(2, 3, 1, 1), 1, HeatmapStyle.signed(), 0,
                new Normalization(mean, std));
        assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF8000);
    }

    @Test
    void badArgumentsAreUserErrors() {
        assertThatThrownBy(() -> Overlay.render(mnistInput(), MAP, 0, HeatmapStyle.signed(), 1.5,
                Normalization.MNIST)).isInstanceOf(LoupeException.class).hasMessageContaining("alpha");
        assertThatThrownBy(() -> Overlay.render(mnistInput(), MAP, 1, HeatmapStyle.signed(), 0.5,
                Normalization.MNIST)).isInstanceOf(LoupeException.class).hasMessageContaining("image 1");
        assertThatThrownBy(() -> Overlay.render(Tensor.zeros(1, 3, 2, 2), MAP, 0, HeatmapStyle.signed(), 0.5,
                Normalization.MNIST)).isInstanceOf(LoupeException.class).hasMessageContaining("1 channel(s)");
        assertThatThrownBy(() -> Overlay.render(Tensor.zeros(2, 2), MAP, 0, HeatmapStyle.signed(), 0.5))
                .isInstanceOf(LoupeException.class).hasMessageContaining("[2, 2]");
    }
}
