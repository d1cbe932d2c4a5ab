package dev.loupe.report;

import java.util.List;
import java.util.Objects;

/**
 * One image of the report, with what the page shows around it.
 *
 * @param src       the PNG's path relative to the report folder, such as {@code img/lrp-layers.png}
 * @param caption   one or two sentences under the image; may be empty
 * @param downloads further files of the same figure (SVG, CSV), shown as links
 */
public record Figure(String src, String caption, List<Link> downloads) {
    /** A link to a file of the report folder. */
    public record Link(String label, String href) {
        public Link {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(href, "href");
        }
    }

    public Figure {
        Objects.requireNonNull(src, "src");
        caption = caption == null ? "" : caption;
        downloads = List.copyOf(downloads);
    }

    /** A figure without extra files. */
    public Figure(String src, String caption) {
        this(src, caption, List.of());
    }
}
