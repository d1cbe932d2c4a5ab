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
        List<String> columns = new java.util.ArrayList<>(List.of("input"));
        columns.addAll(names);
        Mosaic.Builder m = Mosaic.builder(1 + attributions.size()).title(title).columnLabels(columns);
        for (int i = 0; i < s.size(); i++) {
            m.add(Tiles.picture(s.raw(), i, Tiles.SCALE), s.caption(ctx, i));
            for (int a = 0; a < attributions.size(); a++) {
                m.add(tile(attributions.get(a).map(), i, styles.get(a)), "");
            }
        }
        m.footer(colorBars(styles));
        return m.build().render();
    }

    /**
     * The colour bars of the distinct colormaps of {@code styles}, side by side, on the relative scale the tiles use
     * ([−1, 1] of each map's own largest |value| for diverging maps, [0, 1] for sequential ones).
     */
    static BufferedImage colorBars(List<HeatmapStyle> styles) {
        List<BufferedImage> bars = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (HeatmapStyle st : styles) {
            if (seen.add(st.colormap().name())) {
                ValueRange r = st.colormap().diverging() ? new ValueRange(-1, 1) : new ValueRange(0, 1);
                bars.add(ColorBar.render(st.colormap(), r, 240));
            }
        }
        int gap = 40, w = -gap, h = 0;
        for (BufferedImage b : bars) {
            w += b.getWidth() + gap;
            h = Math.max(h, b.getHeight());
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        try {
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, w, h);
            int x = 0;
            for (BufferedImage b : bars) {
                g.drawImage(b, x, 0, null);
                x += b.getWidth() + gap;
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Image {@code i} of a map in {@code style}, scaled to the input's display size (bilinear for coarse maps). */
    static BufferedImage tile(Tensor map, int i, HeatmapStyle style) {
        return tile(map, i, style, 28 * Tiles.SCALE);
    }

    /** As {@link #tile(Tensor, int, HeatmapStyle)}, about {@code size} pixels wide. */
    static BufferedImage tile(Tensor map, int i, HeatmapStyle style, int size) {
        Tensor plane = Heatmap.plane(map, i, style.reduction());
        ValueRange range = Heatmap.range(plane, style);
        return Tiles.plane(plane, style, range, size);
    }
}
