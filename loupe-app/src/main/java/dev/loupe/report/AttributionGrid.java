package dev.loupe.report;

import dev.loupe.explain.Attribution;
import dev.loupe.render.ColorBar;
import dev.loupe.render.Heatmap;
import dev.loupe.render.HeatmapStyle;
import dev.loupe.render.Mosaic;
import dev.loupe.render.ValueRange;
import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The usual attribution figure: one row per sample image, the input first (with the prediction and its probability
 * above it), then one heatmap per method, each scaled to its own range in the method's style, and a colour bar of
 * that relative scale below.
 */
final class AttributionGrid {
    private AttributionGrid() {
    }

    /**
     * @param names  column titles, one per attribution
     * @param styles one style per attribution
     */
    static BufferedImage render(ReportContext ctx, Sample s, String title, List<String> names,
                                List<Attribution> attributions, List<HeatmapStyle> styles) {
        Mosaic.Builder m = Mosaic.builder(1 + attributions.size()).title(title);
        for (int i = 0; i < s.size(); i++) {
            m.add(Tiles.picture(s.raw(), i, Tiles.SCALE), s.caption(ctx, i));
            for (int a = 0; a < attributions.size(); a++) {
                m.add(tile(attributions.get(a).map(), i, styles.get(a)), names.get(a));
            }
        }
        HeatmapStyle first = styles.get(0);
        ValueRange bar = first.colormap().diverging() ? new ValueRange(-1, 1) : new ValueRange(0, 1);
        m.footer(ColorBar.render(first.colormap(), bar, 260));
        return m.build().render();
    }

    /** Image {@code i} of a map in {@code style}, scaled to the input's display size (bilinear for coarse maps). */
    static BufferedImage tile(Tensor map, int i, HeatmapStyle style) {
        Tensor plane = Heatmap.plane(map, i, style.reduction());
        ValueRange range = Heatmap.range(plane, style);
        return Tiles.plane(plane, style, range, 28 * Tiles.SCALE);
    }
}
