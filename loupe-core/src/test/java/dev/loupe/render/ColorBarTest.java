package dev.loupe.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ColorBarTest {
    /** The first row (from the top) with a pixel that is not white. */
    private static int firstInkRow(BufferedImage img) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    return y;
                }
            }
        }
        return -1;
    }

    @Test
    void barRunsFromTheFirstToTheLastColourWithLabelsBelow() {
        BufferedImage bar = ColorBar.render(Colormap.INFERNO, new ValueRange(0, 3.5), 200);
        assertThat(bar.getWidth()).isEqualTo(200);
        int y = firstInkRow(bar) + 2;
        int first = -1;
        int last = -1;
        for (int x = 0; x < 200; x++) {
            if ((bar.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                first = first < 0 ? x : first;
                last = x;
            }
        }
        assertThat(bar.getRGB(first, y) & 0xFFFFFF).isEqualTo(Colormap.INFERNO.rgb(0));
        assertThat(bar.getRGB(last, y) & 0xFFFFFF).isEqualTo(Colormap.INFERNO.rgb(1));
        int labelInk = 0;
        for (int yy = y + 14; yy < bar.getHeight(); yy++) {
            for (int x = 0; x < 200; x++) {
                labelInk += (bar.getRGB(x, yy) & 0xFFFFFF) != 0xFFFFFF ? 1 : 0;
            }
        }
        assertThat(labelInk).isGreaterThan(20);
    }

    @Test
    void symmetricBarsAreWhiteInTheMiddle() {
        BufferedImage bar = ColorBar.render(Colormap.BWR, ValueRange.symmetric(2), 201);
        int y = firstInkRow(bar) + 2;
        int first = -1;
        int last = -1;
        for (int x = 0; x < 201; x++) {
            int p = bar.getRGB(x, y) & 0xFFFFFF;
            if (p == 0x0000FF && first < 0) {
                first = x;
            }
            if (p == 0xFF0000) {
                last = x;
            }
        }
        int middle = (first + last) / 2;
        int p = bar.getRGB(middle, y);
        assertThat(Math.min((p >> 8) & 0xFF, p & 0xFF)).isGreaterThan(245);
    }

    @Test
    void numbersAreShortLabels() {
        assertThat(Text.number(0)).isEqualTo("0");
        assertThat(Text.number(0.5)).isEqualTo("0.5");
        assertThat(Text.number(1)).isEqualTo("1");
        assertThat(Text.number(120)).isEqualTo("120");
        assertThat(Text.number(-0.0123)).isEqualTo("-0.0123");
        assertThat(Text.number(-1.25e-5)).isEqualTo("-1.25e-05");
        assertThat(Text.number(3.14159)).isEqualTo("3.14");
    }
}
