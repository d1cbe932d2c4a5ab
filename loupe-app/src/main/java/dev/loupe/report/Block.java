package dev.loupe.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A piece of a section's content; {@link HtmlPage} draws each kind. All text is plain and escaped when drawn. */
public sealed interface Block {

    /** A paragraph of explanation. */
    record Paragraph(String text) implements Block {
        public Paragraph {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A highlighted remark, e.g. why part of a section is limited. */
    record Note(String text) implements Block {
        public Note {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A key/value table: the method, parameters, seed and model digest behind the figures that follow. */
    record Parameters(String heading, Map<String, String> values) implements Block {
        public Parameters {
            Objects.requireNonNull(heading, "heading");
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    /** One or more figures shown side by side (wrapping on narrow pages). */
    record Figures(List<Figure> figures) implements Block {
        public Figures {
            figures = List.copyOf(figures);
            if (figures.isEmpty()) {
                throw new IllegalArgumentException("a figure block needs at least one figure");
            }
        }
    }

    /** A table whose cells are text or small images. */
    record Table(String caption, List<String> header, List<List<Cell>> rows) implements Block {
        public Table {
            caption = caption == null ? "" : caption;
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
            for (List<Cell> row : rows) {
                if (row.size() != header.size()) {
                    throw new IllegalArgumentException("a table row has " + row.size() + " cells for "
                            + header.size() + " columns");
                }
            }
        }
    }

    /** A table cell. */
    sealed interface Cell {
        /** Text, right-aligned when {@code numeric}. */
        record Text(String text, boolean numeric) implements Cell {
            public Text {
                Objects.requireNonNull(text, "text");
            }
        }

        /** An image of the report folder with its alternative text. */
        record Image(String src, String alt) implements Cell {
            public Image {
                Objects.requireNonNull(src, "src");
                alt = alt == null ? "" : alt;
            }
        }

        /** A text cell. */
        static Cell text(String text) {
            return new Text(text, false);
        }

        /** A numeric text cell. */
        static Cell number(String text) {
            return new Text(text, true);
        }

        /** An image cell. */
        static Cell image(String src, String alt) {
            return new Image(src, alt);
        }
    }
}
