package dev.loupe.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

/** Shared text drawing for figures: a logical sans-serif font, antialiased, measured without a display. */
final class Text {
    static {
        // Figures are drawn off-screen; never try to reach a display (CI, servers). A user's explicit choice wins.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final FontRenderContext CONTEXT = new FontRenderContext(null, true, true);

    private Text() {
    }

    /** The sans-serif font of {@code size} pixels, bold or plain. */
    static Font font(int size, boolean bold) {
        return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, size);
    }

    /** A caption font size that scales with a tile of {@code tilePixels} on its shorter side: 11 to 24 px. */
    static int sizeFor(int tilePixels) {
        return Math.max(11, Math.min(24, Math.round(tilePixels / 9f)));
    }

    /** Width of {@code s} in {@code font}, in pixels, rounded up. */
    static int width(Font font, String s) {
        return s.isEmpty() ? 0 : (int) Math.ceil(font.getStringBounds(s, CONTEXT).getWidth());
    }

    /** The height of a line of {@code font}: ascent plus descent, rounded up. */
    static int lineHeight(Font font) {
        var m = font.getLineMetrics("Ag", CONTEXT);
        return (int) Math.ceil(m.getAscent() + m.getDescent());
    }

    /** The ascent of {@code font}, rounded up: the distance from a line's top to its baseline. */
    static int ascent(Font font) {
        return (int) Math.ceil(font.getLineMetrics("Ag", CONTEXT).getAscent());
    }

    /** A graphics context on {@code image} with antialiased shapes and text. */
    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        return g;
    }

    /** Black or white, whichever reads better on {@code background}. */
    static Color ink(Color background) {
        double luma = 0.299 * background.getRed() + 0.587 * background.getGreen() + 0.114 * background.getBlue();
        return luma > 140 ? new Color(0x1A1A1A) : new Color(0xF0F0F0);
    }

    /**
     * Draws {@code s} with its horizontal centre at {@code cx} and the top of its line at {@code top}, shortened
     * with an ellipsis to fit {@code maxWidth}.
     */
    static void drawCentered(Graphics2D g, String s, int cx, int top, int maxWidth) {
        String fitted = fit(g.getFont(), s, maxWidth);
        Rectangle2D b = g.getFont().getStringBounds(fitted, CONTEXT);
        g.drawString(fitted, (float) (cx - b.getWidth() / 2), top + ascent(g.getFont()));
    }

    /** Draws {@code s} with its right end at {@code right} and the top of its line at {@code top}. */
    static void drawRight(Graphics2D g, String s, int right, int top) {
        g.drawString(s, right - width(g.getFont(), s), top + ascent(g.getFont()));
    }

    /** Draws {@code s} with its left end at {@code left} and the top of its line at {@code top}. */
    static void drawLeft(Graphics2D g, String s, int left, int top) {
        g.drawString(s, left, top + ascent(g.getFont()));
    }

    /** {@code s}, or its longest prefix plus "…" that fits {@code maxWidth} pixels in {@code font}. */
    static String fit(Font font, String s, int maxWidth) {
        if (width(font, s) <= maxWidth) {
            return s;
        }
        for (int n = s.length() - 1; n > 0; n--) {
            String t = s.substring(0, n) + "…";
            if (width(font, t) <= maxWidth) {
                return t;
            }
        }
        return "…";
    }

    /** A short label for a number: three significant digits, trailing zeros dropped ("0.5", "-1.25e-05", "120"). */
    static String number(double v) {
        if (v == 0) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        String exponent = e < 0 ? "" : s.substring(e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + exponent;
    }
}
