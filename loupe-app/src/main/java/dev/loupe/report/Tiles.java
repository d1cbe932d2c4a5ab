package dev.loupe.report;

import dev.loupe.render.Heatmap;
import dev.loupe.render.HeatmapStyle;
import dev.loupe.render.ImageConversion;
import dev.loupe.render.Upscale;
import dev.loupe.render.ValueRange;
import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;

/** Small images for figures: raw inputs and heatmaps, enlarged with crisp nearest-neighbour pixels. */
public final class Tiles {
    /** The usual enlargement of a 28 × 28 image (to 112 × 112). */
    public static final int SCALE = 4;

    private Tiles() {
    }

    /** Image {@code i} of a raw [0, 1] batch {@code [N, C, H, W]}, enlarged {@code scale} times. */
    public static BufferedImage picture(Tensor raw, int i, int scale) {
        return Upscale.nearest(ImageConversion.toImage(raw.item(i)), scale);
    }

    /** Image {@code i} of {@code map} in {@code style}, with its own range, enlarged. */
    public static BufferedImage heatmap(Tensor map, int i, HeatmapStyle style, int scale) {
        return Upscale.nearest(Heatmap.render(map, i, style), scale);
    }

    /** Image {@code i} of {@code map} folded as {@code style} says and painted over {@code range}, enlarged. */
    public static BufferedImage heatmap(Tensor map, int i, HeatmapStyle style, ValueRange range, int scale) {
        Tensor plane = Heatmap.plane(map, i, style.reduction());
        return Upscale.nearest(Heatmap.colorize(plane, style.colormap(), range), scale);
    }

    /**
     * Every channel of image {@code i} of {@code activations [N, C, h, w]} as one grid image, {@code columns} maps per
     * row, each map enlarged to about {@code cell} pixels and painted over one shared {@code range} (so brighter
     * means a stronger activation in every map), with 2-pixel white gaps.
     */
    public static BufferedImage channelGrid(Tensor activations, int i, int columns, int cell, HeatmapStyle style,
                                            ValueRange range) {
        int c = activations.dim(1);
        int h = activations.dim(2), w = activations.dim(3);
        int factor = Math.max(1, Math.round((float) cell / Math.max(h, w)));
        int rows = (c + columns - 1) / columns, gap = 2;
        int cols = Math.min(columns, c);
        BufferedImage grid = new BufferedImage(cols * (w * factor + gap) - gap, rows * (h * factor + gap) - gap,
                BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = grid.createGraphics();
        try {
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            for (int k = 0; k < c; k++) {
                BufferedImage map = Upscale.nearest(Heatmap.colorize(Heatmap.channel(activations, i, k),
                        style.colormap(), range), factor);
                g.drawImage(map, (k % columns) * (w * factor + gap), (k / columns) * (h * factor + gap), null);
            }
        } finally {
            g.dispose();
        }
        return grid;
    }

    /**
     * A copy of {@code image} with the pixel box rows {@code [y0, y1)}, columns {@code [x0, x1)} of the unscaled image
     * outlined in {@code color}, for an image enlarged {@code scale} times.
     */
    public static BufferedImage withBox(BufferedImage image, int y0, int x0, int y1, int x1, int scale,
                                        java.awt.Color color) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
            g.setColor(color);
            g.setStroke(new java.awt.BasicStroke(Math.max(2, scale / 2f)));
            g.drawRect(x0 * scale, y0 * scale, (x1 - x0) * scale - 1, (y1 - y0) * scale - 1);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** A plane {@code [H, W]} painted over {@code range}, enlarged to about {@code size} pixels wide. */
    public static BufferedImage plane(Tensor plane, HeatmapStyle style, ValueRange range, int size) {
        BufferedImage img = Heatmap.colorize(plane, style.colormap(), range);
        return Upscale.nearest(img, Math.max(1, size / Math.max(1, plane.dim(1))));
    }
}
