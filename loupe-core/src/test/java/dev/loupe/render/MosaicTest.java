package dev.loupe.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class MosaicTest {
    private static BufferedImage solid(int rgb, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    /** The bounding box of the pixels of exactly colour {@code rgb}. */
    private static Rectangle boxOf(BufferedImage img, int rgb) {
        Rectangle box = null;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    Rectangle px = new Rectangle(x, y, 1, 1);
                    box = box == null ? px : box.union(px);
                }
            }
        }
        return box;
    }

    /** Number of non-white pixels in the given rectangle (clipped to the image). */
    private static int ink(BufferedImage img, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = Math.max(0, y0); y < Math.min(img.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(img.getWidth(), x1); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void tilesFillRowsAndCaptionsSitAboveTheirTiles() {
        BufferedImage fig = Mosaic.builder(2).padding(8)
                .add(solid(0xFF0000, 60, 30), "p=0.93")
                .add(solid(0x00FF00, 60, 30), "p=0.41")
                .add(solid(0x0000FF, 60, 30), "seven")
                .build().render();
        Rectangle red = boxOf(fig, 0xFF0000);
        Rectangle green = boxOf(fig, 0x00FF00);
        Rectangle blue = boxOf(fig, 0x0000FF);
        assertThat(red.getSize()).isEqualTo(new java.awt.Dimension(60, 30));
        assertThat(green.y).isEqualTo(red.y);
        assertThat(green.x).isGreaterThan(red.x + 60);
        assertThat(blue.x).isEqualTo(red.x);
        assertThat(blue.y).isGreaterThan(red.y + 30);
        // Caption ink in the band above each tile; nothing between the last row and the figure's bottom edge.
        for (Rectangle tile : List.of(red, green, blue)) {
            assertThat(ink(fig, tile.x, tile.y - 16, tile.x + tile.width, tile.y)).as("caption above " + tile)
                    .isGreaterThan(10);
        }
        assertThat(ink(fig, 0, blue.y + blue.height, fig.getWidth(), fig.getHeight())).isZero();
        assertThat(red.x).isEqualTo(8);
        assertThat(fig.getWidth()).isEqualTo(8 + 60 + 8 + 60 + 8);
    }

    @Test
    void withoutCaptionsOrLabelsTilesStartAtThePadding() {
        BufferedImage fig = Mosaic.builder(3).padding(5).add(solid(0xFF0000, 4, 4)).add(solid(0x00FF00, 4, 4))
                .scale(3).build().render();
        assertThat(boxOf(fig, 0xFF0000)).isEqualTo(new Rectangle(5, 5, 12, 12));
        assertThat(boxOf(fig, 0x00FF00)).isEqualTo(new Rectangle(5 + 12 + 5, 5, 12, 12));
        assertThat(fig.getWidth()).isEqualTo(5 + 12 + 5 + 12 + 5); // only the columns in use
        assertThat(fig.getHeight()).isEqualTo(5 + 12 + 5);
    }

    @Test
    void rowLabelsGoLeftAndTitleAndColumnLabelsGoOnTop() {
        Mosaic m = Mosaic.builder(2).title("Title").rowLabels(List.of("input", "map"))
                .columnLabels(List.of("a", "b"))
                .add(solid(0xFF0000, 50, 50)).add(solid(0x00FF00, 50, 50))
                .add(solid(0x0000FF, 50, 50)).add(solid(0xFFFF00, 50, 50)).build();
        BufferedImage fig = m.render();
        Rectangle red = boxOf(fig, 0xFF0000);
        assertThat(red.x).isGreaterThan(8 + 20); // room for the row labels
        assertThat(ink(fig, 0, red.y, red.x - 4, red.y + 50)).isGreaterThan(20); // "input"
        assertThat(ink(fig, red.x, 0, red.x + 50, red.y)).isGreaterThan(20); // title and "a"
        assertThat(m.rows()).isEqualTo(2);
    }

    @Test
    void aFooterIsCentredUnderTheGrid() {
        BufferedImage fig = Mosaic.builder(2).padding(4).add(solid(0xFF0000, 10, 10)).add(solid(0x00FF00, 10, 10))
                .footer(solid(0x0000FF, 40, 6)).build().render();
        Rectangle blue = boxOf(fig, 0x0000FF);
        assertThat(blue).isEqualTo(new Rectangle(4, 4 + 10 + 4, 40, 6));
        assertThat(fig.getWidth()).isEqualTo(48);
        assertThat(fig.getHeight()).isEqualTo(4 + 10 + 4 + 6 + 4);
        Rectangle red = boxOf(fig, 0xFF0000);
        Rectangle green = boxOf(fig, 0x00FF00);
        assertThat(red.y).isEqualTo(4);
        assertThat(green.x - red.x).isEqualTo(14);
    }

    @Test
    void darkBackgroundsGetLightText() {
        BufferedImage fig = Mosaic.builder(1).background(Color.BLACK).add(solid(0x0000FF, 40, 40), "x=1")
                .build().render();
        assertThat(fig.getRGB(0, 0) & 0xFFFFFF).isZero();
        Rectangle blue = boxOf(fig, 0x0000FF);
        int brightest = 0;
        for (int y = 0; y < blue.y; y++) {
            for (int x = 0; x < fig.getWidth(); x++) {
                brightest = Math.max(brightest, fig.getRGB(x, y) & 0xFF);
            }
        }
        assertThat(brightest).isGreaterThan(200);
    }

    @Test
    void inconsistentLabelsAreUserErrors() {
        assertThatThrownBy(() -> Mosaic.builder(2).rowLabels(List.of("only one"))
                .add(solid(0, 2, 2)).add(solid(0, 2, 2)).add(solid(0, 2, 2)).build())
                .isInstanceOf(LoupeException.class).hasMessageContaining("2 rows");
        assertThatThrownBy(() -> Mosaic.builder(2).columnLabels(List.of("a", "b", "c"))
                .add(solid(0, 2, 2)).add(solid(0, 2, 2)).build())
                .isInstanceOf(LoupeException.class).hasMessageContaining("column labels");
        assertThatThrownBy(() -> Mosaic.builder(2).build()).isInstanceOf(LoupeException.class);
        assertThatThrownBy(() -> Mosaic.builder(0).add(solid(0, 2, 2)).build()).isInstanceOf(LoupeException.class);
    }
}
