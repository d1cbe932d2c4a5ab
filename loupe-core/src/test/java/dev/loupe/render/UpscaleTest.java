package dev.loupe.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UpscaleTest {
    @Test
    void nearestRepeatsEveryPixelAsAnExactBlock() {
        Random random = new Random(3);
        BufferedImage src = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                src.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        BufferedImage big = Upscale.nearest(src, 8);
        assertThat(big.getWidth()).isEqualTo(224);
        assertThat(big.getHeight()).isEqualTo(224);
        assertThat(big.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 224; y++) {
            for (int x = 0; x < 224; x++) {
                assertThat(big.getRGB(x, y)).isEqualTo(src.getRGB(x / 8, y / 8));
            }
        }
    }

    @Test
    void nearestKeepsGreyRasterValuesAndHandlesNonIntegerRatios() {
        BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        int[] values = {0, 17, 128, 200, 254, 255};
        grey.getRaster().setSamples(0, 0, 3, 2, 0, values);
        BufferedImage big = Upscale.nearest(grey, 7, 5);
        assertThat(big.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                int sx = x * 3 / 7;
                int sy = y * 2 / 5;
                assertThat(big.getRaster().getSample(x, y, 0)).isEqualTo(values[sy * 3 + sx]);
            }
        }
    }

    @Test
    void bilinearMatchesPytorchHalfPixelResampling() {
        // torch.nn.functional.interpolate([[1, 2], [3, 4]], scale_factor=2, mode="bilinear", align_corners=False)
        Tensor out = Upscale.bilinear(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2), 4, 4);
        assertThat(out.data()).containsExactly(
                1.00f, 1.25f, 1.75f, 2.00f,
                1.50f, 1.75f, 2.25f, 2.50f,
                2.50f, 2.75f, 3.25f, 3.50f,
                3.00f, 3.25f, 3.75f, 4.00f);
    }

    @Test
    void bilinearIsTheIdentityAtTheSameSizeAndKeepsConstantsAndRamps() {
        Random random = new Random(5);
        Tensor t = Tensor.randn(random, 1, 2, 1, 5, 6);
        assertThat(Upscale.bilinear(t, 5, 6).data()).containsExactly(t.data());
        Tensor constant = Upscale.bilinear(Tensor.full(0.7f, 3, 3), 13, 17);
        for (float v : constant.data()) {
            assertThat(v).isCloseTo(0.7f, within(1e-6f));
        }
        // A ramp v = x over 7 columns, upscaled 4x: in the interior, output x samples (x + 0.5) / 4 - 0.5.
        float[] ramp = new float[7];
        for (int x = 0; x < 7; x++) {
            ramp[x] = x;
        }
        Tensor up = Upscale.bilinear(Tensor.of(ramp, 1, 7), 1, 28);
        for (int x = 2; x < 26; x++) {
            assertThat(up.get(0, x)).isCloseTo((x + 0.5f) / 4 - 0.5f, within(1e-5f));
        }
    }

    @Test
    void bilinearResamplesEveryLeadingPlane() {
        Tensor two = Tensor.of(new float[] {1, 2, 3, 4, 10, 20, 30, 40}, 2, 1, 2, 2);
        Tensor out = Upscale.bilinear(two, 4, 4);
        assertThat(out.shape()).containsExactly(2, 1, 4, 4);
        assertThat(out.get(1, 0, 1, 1)).isCloseTo(17.5f, within(1e-5f)); // 10 × 1.75
    }
}
