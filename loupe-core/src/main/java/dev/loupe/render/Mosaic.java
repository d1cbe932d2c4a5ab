package dev.loupe.render;

import dev.loupe.LoupeException;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A labelled grid of images: an optional title, optional column labels over the columns and row labels to the
 * left of the rows, and an optional caption ABOVE each tile, as in the occlusion figure of Zeiler and Fergus (2014),
 * "Visualizing and Understanding Convolutional Networks", figure 7.
 *
 * <p>Tiles fill the grid row by row. Every cell is as large as the largest (scaled) tile, widened if needed to fit
 * the captions; smaller tiles are centred in their cell. Fonts are {@link Font#SANS_SERIF} with sizes that scale with
 * the cell size. Build with {@link #builder(int)}:
 * <pre>{@code
 * BufferedImage fig = Mosaic.builder(5).title("Occlusion, class 7").scale(4)
 *         .add(digit, "input").add(map, "p=0.93")
 *         .footer(ColorBar.render(Colormap.BWR, range, 300)).build().render();
 * }</pre>
 *
 * @param tiles        the tiles, row by row
 * @param columns      tiles per row, at least 1
 * @param title        drawn centred on top; empty for none
 * @param rowLabels    one per row, or empty for none
 * @param columnLabels one per column, or empty for none
 * @param scale        nearest-neighbour scale factor applied to every tile, at least 1
 * @param padding      pixels between cells and around the figure, at least 0
 * @param background   the background colour; text is black or white to contrast with it
 * @param footer       an image centred horizontally below the grid, such as a {@link ColorBar}; null for none
 */
public record Mosaic(List<Tile> tiles, int columns, String title, List<String> rowLabels, List<String> columnLabels,
                     int scale, int padding, Color background, BufferedImage footer) {

    /** One cell of the grid: an image and the caption drawn above it ({@code ""} for none). */
    public record Tile(BufferedImage image, String caption) {
        public Tile {
            Objects.requireNonNull(image, "image");
            caption = caption == null ? "" : caption;
        }
    }

    public Mosaic {
        tiles = List.copyOf(tiles);
        rowLabels = List.copyOf(rowLabels);
        columnLabels = List.copyOf(columnLabels);
        title = title == null ? "" : title;
        Objects.requireNonNull(background, "background");
        if (tiles.isEmpty()) {
            throw new LoupeException("a mosaic needs at least one tile");
        }
        if (columns < 1 || scale < 1 || padding < 0) {
            throw new LoupeException("a mosaic needs columns >= 1, scale >= 1 and padding >= 0, got columns=" + columns
                    + ", scale=" + scale + ", padding=" + padding);
        }
        int rows = (tiles.size() + columns - 1) / columns;
        if (!rowLabels.isEmpty() && rowLabels.size() != rows) {
            throw new LoupeException("a mosaic of " + rows + " rows needs " + rows + " row labels, got "
                    + rowLabels.size());
        }
        int usedColumns = Math.min(columns, tiles.size());
        if (!columnLabels.isEmpty() && columnLabels.size() != usedColumns) {
            throw new LoupeException("a mosaic of " + usedColumns + " columns needs " + usedColumns
                    + " column labels, got " + columnLabels.size());
        }
    }

    /** A builder for a grid of {@code columns} tiles per row, white background, padding 8, scale 1. */
    public static Builder builder(int columns) {
        return new Builder(columns);
    }

    /** Number of rows. */
    public int rows() {
        return (tiles.size() + columns - 1) / columns;
    }

    /** Number of columns actually used (fewer than {@link #columns} when there are fewer tiles). */
    public int usedColumns() {
        return Math.min(columns, tiles.size());
    }

    /** Draws the figure; returns an RGB image. */
    public BufferedImage render() {
        Layout l = layout();
        BufferedImage img = new BufferedImage(l.width, l.height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Text.graphics(img);
        try {
            g.setColor(background);
            g.fillRect(0, 0, l.width, l.height);
            g.setColor(Text.ink(background));
            if (!title.isEmpty()) {
                g.setFont(l.titleFont);
                Text.drawCentered(g, title, l.width / 2, padding, l.width - 2 * padding);
            }
            g.setFont(l.labelFont);
            for (int c = 0; c < columnLabels.size(); c++) {
                Text.drawCentered(g, columnLabels.get(c), l.cellX(c) + l.cellWidth / 2, l.columnLabelTop,
                        l.cellWidth);
            }
            for (int r = 0; r < rowLabels.size(); r++) {
                int tileMiddle = l.cellY(r) + l.captionHeight + l.cellHeight / 2;
                Text.drawRight(g, rowLabels.get(r), l.gridLeft - padding,
                        tileMiddle - Text.lineHeight(l.labelFont) / 2);
            }
            if (footer != null) {
                g.drawImage(ImageConversion.toRgb(footer), (l.width - footer.getWidth()) / 2, l.footerTop, null);
            }
            g.setFont(l.captionFont);
            for (int i = 0; i < tiles.size(); i++) {
                Tile t = tiles.get(i);
                int x = l.cellX(i % columns);
                int y = l.cellY(i / columns);
                if (!t.caption().isEmpty()) {
                    Text.drawCentered(g, t.caption(), x + l.cellWidth / 2, y, l.cellWidth);
                }
                BufferedImage tile = ImageConversion.toRgb(Upscale.nearest(t.image(), scale));
                g.drawImage(tile, x + (l.cellWidth - tile.getWidth()) / 2,
                        y + l.captionHeight + (l.cellHeight - tile.getHeight()) / 2, null);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private Layout layout() {
        int tileWidth = 0;
        int tileHeight = 0;
        for (Tile t : tiles) {
            tileWidth = Math.max(tileWidth, t.image().getWidth() * scale);
            tileHeight = Math.max(tileHeight, t.image().getHeight() * scale);
        }
        int size = Text.sizeFor(Math.min(tileWidth, tileHeight));
        Font captionFont = Text.font(size, false);
        Font labelFont = Text.font(size, true);
        Font titleFont = Text.font(Math.round(size * 1.4f), true);
        boolean anyCaption = tiles.stream().anyMatch(t -> !t.caption().isEmpty());
        int gap = Math.max(2, size / 4);
        int captionHeight = anyCaption ? Text.lineHeight(captionFont) + gap : 0;
        // Cells widen to show captions and column labels whole, up to three tile widths.
        int textWidth = 0;
        for (Tile t : tiles) {
            textWidth = Math.max(textWidth, Text.width(captionFont, t.caption()));
        }
        for (String s : columnLabels) {
            textWidth = Math.max(textWidth, Text.width(labelFont, s));
        }
        int cellWidth = Math.max(tileWidth, Math.min(textWidth + 2, 3 * tileWidth));
        int rowLabelWidth = 0;
        for (String s : rowLabels) {
            rowLabelWidth = Math.max(rowLabelWidth, Text.width(labelFont, s));
        }
        int gridLeft = padding + (rowLabels.isEmpty() ? 0 : rowLabelWidth + padding);
        int top = padding;
        if (!title.isEmpty()) {
            top += Text.lineHeight(titleFont) + padding;
        }
        int columnLabelTop = top;
        if (!columnLabels.isEmpty()) {
            top += Text.lineHeight(labelFont) + gap;
        }
        int cols = usedColumns();
        int gridWidth = cols * cellWidth + (cols - 1) * padding;
        int width = gridLeft + gridWidth + padding;
        if (!title.isEmpty()) {
            width = Math.max(width, Text.width(titleFont, title) + 2 * padding);
        }
        int rowHeight = captionHeight + tileHeight;
        int footerTop = top + rows() * rowHeight + rows() * padding;
        int height = footerTop;
        if (footer != null) {
            height += footer.getHeight() + padding;
            width = Math.max(width, footer.getWidth() + 2 * padding);
        }
        return new Layout(width, height, gridLeft, top, columnLabelTop, footerTop, cellWidth, tileHeight,
                captionHeight, padding, captionFont, labelFont, titleFont);
    }

    /** Pixel positions of the figure's parts. */
    private record Layout(int width, int height, int gridLeft, int gridTop, int columnLabelTop, int footerTop,
                          int cellWidth, int cellHeight, int captionHeight, int padding, Font captionFont,
                          Font labelFont, Font titleFont) {
        int cellX(int column) {
            return gridLeft + column * (cellWidth + padding);
        }

        /** Top of row {@code row}'s caption band (its tiles start {@code captionHeight} lower). */
        int cellY(int row) {
            return gridTop + row * (captionHeight + cellHeight + padding);
        }
    }

    /** Collects tiles and options; {@link #build()} validates them. */
    public static final class Builder {
        private final int columns;
        private final List<Tile> tiles = new ArrayList<>();
        private String title = "";
        private List<String> rowLabels = List.of();
        private List<String> columnLabels = List.of();
        private int scale = 1;
        private int padding = 8;
        private Color background = Color.WHITE;
        private BufferedImage footer;

        private Builder(int columns) {
            this.columns = columns;
        }

        /** Adds a tile with a caption above it. */
        public Builder add(BufferedImage image, String caption) {
            tiles.add(new Tile(image, caption));
            return this;
        }

        /** Adds a tile without a caption. */
        public Builder add(BufferedImage image) {
            return add(image, "");
        }

        /** The title. */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /** One label per row, drawn to the left. */
        public Builder rowLabels(List<String> labels) {
            this.rowLabels = labels;
            return this;
        }

        /** One label per column, drawn above the first row. */
        public Builder columnLabels(List<String> labels) {
            this.columnLabels = labels;
            return this;
        }

        /** Nearest-neighbour scale factor for every tile (4 shows a 28 × 28 digit at 112 × 112). */
        public Builder scale(int factor) {
            this.scale = factor;
            return this;
        }

        /** Pixels between cells and around the figure. */
        public Builder padding(int pixels) {
            this.padding = pixels;
            return this;
        }

        /** The background colour. */
        public Builder background(Color color) {
            this.background = color;
            return this;
        }

        /** An image centred horizontally below the grid, typically a {@link ColorBar} for a shared scale. */
        public Builder footer(BufferedImage image) {
            this.footer = image;
            return this;
        }

        /** The mosaic. */
        public Mosaic build() {
            return new Mosaic(tiles, columns, title, rowLabels, columnLabels, scale, padding, background, footer);
        }
    }
}
