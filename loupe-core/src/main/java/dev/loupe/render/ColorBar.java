package dev.loupe.render;

import dev.loupe.LoupeException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * A horizontal colour-scale legend: the colormap as a bar, with the range's low value under its left end, the high
 * value under its right end and, when zero lies strictly inside the range, "0" under its position.
 */
public final class ColorBar {
    private ColorBar() {
    }

    /**
     * A legend {@code width} pixels wide on a white background. The bar is inset by a margin that leaves room for the
     * end labels; its height and the label font scale with {@code width}. Returns an RGB image.
     */
    public static BufferedImage render(Colormap colormap, ValueRange range, int width) {
        return render(colormap, range, width, Color.WHITE);
    }

    /** As {@link #render(Colormap, ValueRange, int)} on the given background colour. */
    public static BufferedImage render(Colormap colormap, ValueRange range, int width, Color background) {
        if (width < 32) {
            throw new LoupeException("a colour bar needs at least 32 pixels of width, got " + width);
        }
        var font = Text.font(Math.max(10, Math.min(18, width / 20)), false);
        String low = Text.number(range.low());
        String high = Text.number(range.high());
        int margin = Math.min(width / 4, Math.max(4, Math.max(Text.width(font, low), Text.width(font, high)) / 2 + 2));
        int barWidth = width - 2 * margin;
        int barHeight = Math.max(8, width / 16);
        int gap = Math.max(2, barHeight / 4);
        int height = margin / 2 + barHeight + gap + Text.lineHeight(font) + 2;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Text.graphics(img);
        try {
            g.setColor(background);
            g.fillRect(0, 0, width, height);
            int top = margin / 2;
            for (int x = 0; x < barWidth; x++) {
                double t = barWidth == 1 ? 0 : (double) x / (barWidth - 1);
                g.setColor(colormap.color(t));
                g.fillRect(margin + x, top, 1, barHeight);
            }
            g.setColor(Text.ink(background));
            g.setFont(font);
            int labelTop = top + barHeight + gap;
            Text.drawCentered(g, low, margin, labelTop, 2 * margin);
            Text.drawCentered(g, high, margin + barWidth - 1, labelTop, 2 * margin);
            if (range.low() < 0 && range.high() > 0) {
                int zx = margin + (int) Math.round(range.position(0) * (barWidth - 1));
                g.fillRect(zx, top + barHeight, 1, gap);
                Text.drawCentered(g, "0", zx, labelTop, barWidth / 3);
            }
        } finally {
            g.dispose();
        }
        return img;
    }
}
