package dev.loupe.explain.localization;

/**
 * An axis-aligned box of pixels: rows {@code [y0, y1)} and columns {@code [x0, x1)}, half-open.
 */
public record BoundingBox(int y0, int x0, int y1, int x1) {
    public BoundingBox {
        if (y0 < 0 || x0 < 0 || y1 <= y0 || x1 <= x0) {
            throw new IllegalArgumentException("empty or negative box: rows " + y0 + ".." + y1 + ", columns " + x0
                    + ".." + x1);
        }
    }

    /** Pixels inside. */
    public int area() {
        return (y1 - y0) * (x1 - x0);
    }

    /** Intersection over union with another box, in [0, 1]. */
    public double iou(BoundingBox other) {
        int h = Math.min(y1, other.y1) - Math.max(y0, other.y0);
        int w = Math.min(x1, other.x1) - Math.max(x0, other.x0);
        double inter = h > 0 && w > 0 ? (double) h * w : 0;
        return inter / (area() + other.area() - inter);
    }

    /** The smallest box holding every true pixel of a row-major {@code h × w} mask, or null when none is set. */
    public static BoundingBox of(boolean[] mask, int h, int w) {
        int y0 = h, x0 = w, y1 = -1, x1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (mask[y * w + x]) {
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                }
            }
        }
        return y1 < 0 ? null : new BoundingBox(y0, x0, y1 + 1, x1 + 1);
    }
}
