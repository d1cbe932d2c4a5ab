package dev.loupe.render;

import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden image of an occlusion figure in the style of Zeiler and Fergus (2014), figure 7: inputs with a grey patch
 * and the class probability above each, then the heatmaps in four colormaps, then signed overlays, and a
 * colour bar. Synthetic data, so it needs no model.
 * See {@link GoldenImages} for how to regenerate.
 */
class MosaicGoldenTest {
    @Test
    void occlusionFigureMatchesGolden() throws Exception {
        Tensor digit = ring();
        Mosaic.Builder b = Mosaic.builder(4).scale(4).title("Occlusion sensitivity (synthetic ring)")
                .rowLabels(List.of("input", "p(zero)", "overlay"))
                .columnLabels(List.of("top", "left", "centre", "none"));
        int[][] patches = {{2, 10}, {10, 2}, {10, 10}, {-100, -100}};
        String[] captions = {"p=0.41", "p=0.38", "p=0.97", "p=0.99"};
        for (int k = 0; k < 4; k++) {
            b.add(ImageConversion.toImage(occlude(digit, patches[k][0], patches[k][1])), captions[k]);
        }
        HeatmapStyle style = HeatmapStyle.magnitude().withReduction(ChannelReduction.SUM)
                .withRangeMode(RangeMode.MIN_MAX);
        Tensor sensitivity = sensitivity();
        for (String c : new String[] {"inferno", "viridis", "jet", "bwr"}) {
            HeatmapStyle s = style.withColormap(Colormap.byName(c));
            b.add(Heatmap.render(sensitivity, s), c);
        }
        for (double alpha : new double[] {0.25, 0.5, 0.75, 1}) {
            b.add(Overlay.render(digit, sensitivity, 0, HeatmapStyle.signed(), alpha,
                    alpha < 1 ? Opacity.UNIFORM : Opacity.BY_MAGNITUDE, null),
                    alpha < 1 ? "alpha=" + alpha : "by magnitude");
        }
        ValueRange signedRange = Heatmap.range(sensitivity, HeatmapStyle.signed());
        b.footer(ColorBar.render(Colormap.BWR, signedRange, 300));
        BufferedImage fig = b.build().render();
        GoldenImages.assertMatches(fig, "mosaic-occlusion", 2, 0.01);
        BufferedImage bar = ColorBar.render(Colormap.BWR, ValueRange.symmetric(0.0123), 240);
        GoldenImages.assertMatches(bar, "colorbar-bwr", 2, 0.02);
    }

    /** A 28 × 28 grey ring of radius 8, like a hand-written zero. */
    private static Tensor ring() {
        Tensor t = Tensor.zeros(1, 28, 28);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                double r = Math.hypot(x - 13.5, (y - 13.5) * 0.8);
                t.set((float) Math.exp(-(r - 8) * (r - 8) / 4), 0, y, x);
            }
        }
        return t;
    }

    private static Tensor occlude(Tensor image, int top, int left) {
        Tensor t = image.copy();
        for (int y = Math.max(0, top); y < Math.min(28, top + 8); y++) {
            for (int x = Math.max(0, left); x < Math.min(28, left + 8); x++) {
                t.set(0.5f, 0, y, x);
            }
        }
        return t;
    }

    /** A smooth 7 × 7 bump, as a coarse occlusion map would be, brought to 28 × 28 bilinearly. */
    private static Tensor sensitivity() {
        Tensor t = Tensor.zeros(7, 7);
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 7; x++) {
                t.set((float) (Math.exp(-((x - 1.5) * (x - 1.5) + (y - 3) * (y - 3)) / 3.0) - 0.2), y, x);
            }
        }
        return Upscale.bilinear(t, 28, 28);
    }
}
