package dev.loupe.render;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Golden image of every colormap as a labelled strip; see {@link GoldenImages} for how to regenerate. */
class ColormapGoldenTest {
    @Test
    void colormapStripsMatchGolden() throws Exception {
        Mosaic.Builder b = Mosaic.builder(1).title("Loupe colormaps").padding(6);
        for (String name : Colormap.names()) {
            b.add(strip(Colormap.byName(name)), name);
        }
        GoldenImages.assertMatches(b.build().render(), "colormaps", 2, 0.01);
    }

    @Test
    void rawStripsMatchGoldenExactly() throws Exception {
        int n = Colormap.names().size();
        BufferedImage all = new BufferedImage(256, 8 * n, BufferedImage.TYPE_INT_RGB);
        for (int k = 0; k < n; k++) {
            Colormap c = Colormap.byName(Colormap.names().get(k));
            for (int x = 0; x < 256; x++) {
                for (int y = 0; y < 8; y++) {
                    all.setRGB(x, 8 * k + y, c.rgb(x / 255.0));
                }
            }
        }
        GoldenImages.assertMatches(all, "colormap-strips", 0, 0);
    }

    private static BufferedImage strip(Colormap c) {
        BufferedImage img = new BufferedImage(256, 24, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 256; x++) {
            for (int y = 0; y < 24; y++) {
                img.setRGB(x, y, c.rgb(x / 255.0));
            }
        }
        return img;
    }
}
