package dev.loupe.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageConversionTest {
    @Test
    void greyImagesRoundTripExactlyOnTheEightBitGrid() {
        float[] v = new float[256];
        for (int k = 0; k < 256; k++) {
            v[k] = k / 255f;
        }
        Tensor t = Tensor.of(v, 1, 16, 16);
        BufferedImage img = ImageConversion.toImage(t);
        assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(img.getRaster().getSample(5, 1, 0)).isEqualTo(21);
        Tensor back = ImageConversion.toTensor(img);
        assertThat(back.shape()).containsExactly(1, 16, 16);
        assertThat(back.data()).containsExactly(v);
    }

    @Test
    void rgbImagesKeepChannelOrderAndRoundTrip() {
        // 1 × 2 image: pixel 0 pure red, pixel 1 = (0.2, 0.4, 0.6).
        Tensor t = Tensor.of(new float[] {1, 51 / 255f, 0, 102 / 255f, 0, 153 / 255f}, 3, 1, 2);
        BufferedImage img = ImageConversion.toImage(t);
        assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(img.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x336699);
        assertThat(ImageConversion.toTensor(img).data()).containsExactly(t.data());
        assertThat(ImageConversion.toImage(t.reshape(1, 3, 1, 2)).getRGB(1, 0)).isEqualTo(img.getRGB(1, 0));
    }

    @Test
    void valuesOutsideTheUnitIntervalAreClamped() {
        Tensor t = Tensor.of(new float[] {-0.5f, 1.7f, Float.NaN, 0.5f}, 1, 2, 2);
        int[] px = ImageConversion.toImage(t).getRaster().getSamples(0, 0, 2, 2, 0, (int[]) null);
        assertThat(px).containsExactly(0, 255, 0, 128);
    }

    @Test
    void greyFromColourIsLumaAndColourFromGreyRepeats() {
        BufferedImage rgb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0x336699);
        float luma = (float) (0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.6);
        assertThat(ImageConversion.toTensor(rgb, 1).get(0, 0, 0)).isCloseTo(luma, within(1e-6f));
        BufferedImage grey = ImageConversion.toImage(Tensor.of(new float[] {128 / 255f}, 1, 1, 1));
        assertThat(ImageConversion.toTensor(grey, 3).data()).containsExactly(128 / 255f, 128 / 255f, 128 / 255f);
    }

    @Test
    void toRgbCopiesGreyValuesWithoutAGammaShift() {
        BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {128, 30});
        BufferedImage rgb = ImageConversion.toRgb(grey);
        assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x808080);
        assertThat(rgb.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x1E1E1E);
    }

    @Test
    void badShapesAreUserErrors() {
        assertThatThrownBy(() -> ImageConversion.toImage(Tensor.zeros(2, 4, 4)))
                .isInstanceOf(LoupeException.class).hasMessageContaining("[2, 4, 4]");
        assertThatThrownBy(() -> ImageConversion.toImage(Tensor.zeros(2, 1, 4, 4)))
                .isInstanceOf(LoupeException.class);
        assertThatThrownBy(() -> ImageConversion.toTensor(new BufferedImage(1, 1, 1), 2))
                .isInstanceOf(LoupeException.class);
    }
}
