package dev.loupe.explain.perturbation;

/**
 * One placement of the occluder on a {@code [C, H, W]} image: channels {@code [c0, c1)}, rows {@code [y0, y1)} and
 * columns {@code [x0, x1)}, half-open.
 */
public record Window(int c0, int c1, int y0, int y1, int x0, int x1) {
    public Window {
        if (c0 < 0 || c1 <= c0 || y0 < 0 || y1 <= y0 || x0 < 0 || x1 <= x0) {
            throw new IllegalArgumentException("empty or negative occluder window " + c0 + ".." + c1 + ", " + y0
                    + ".." + y1 + ", " + x0 + ".." + x1);
        }
    }

    /** Whether {@code (c, y, x)} lies inside. */
    public boolean contains(int c, int y, int x) {
        return c >= c0 && c < c1 && y >= y0 && y < y1 && x >= x0 && x < x1;
    }

    /** Whether the window fits in a {@code [c, h, w]} image. */
    public boolean fits(int c, int h, int w) {
        return c1 <= c && y1 <= h && x1 <= w;
    }

    /** Rows covered. */
    public int rows() {
        return y1 - y0;
    }

    /** Columns covered. */
    public int cols() {
        return x1 - x0;
    }
}
