package dev.loupe.report;

import dev.loupe.explain.Provenance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The blocks of one section, in reading order; sections append to it. */
public final class SectionContent {
    private final List<Block> blocks = new ArrayList<>();

    /** Appends a paragraph. */
    public SectionContent paragraph(String text) {
        blocks.add(new Block.Paragraph(text));
        return this;
    }

    /** Appends a highlighted note. */
    public SectionContent note(String text) {
        blocks.add(new Block.Note(text));
        return this;
    }

    /** Appends a key/value table. */
    public SectionContent parameters(String heading, Map<String, String> values) {
        blocks.add(new Block.Parameters(heading, values));
        return this;
    }

    /**
     * Appends the provenance of the figures that follow: method, parameters, seed and model digest, plus any
     * {@code more} settings of the section (shown after them).
     */
    public SectionContent provenance(Provenance provenance, Map<String, String> more) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("method", provenance.method());
        values.put("parameters", provenance.parameters().isEmpty() ? "(none)" : provenance.parameterLine());
        values.put("seed", Long.toString(provenance.seed()));
        values.put("model digest", provenance.modelDigest());
        values.putAll(more);
        String params = provenance.parameters().isEmpty() ? "" : " (" + provenance.parameterLine() + ")";
        return parameters("Provenance: " + provenance.method() + params, values);
    }

    /** Appends figures shown side by side. */
    public SectionContent figures(Figure... figures) {
        blocks.add(new Block.Figures(List.of(figures)));
        return this;
    }

    /** Appends figures shown side by side. */
    public SectionContent figures(List<Figure> figures) {
        blocks.add(new Block.Figures(figures));
        return this;
    }

    /** Appends a table. */
    public SectionContent table(String caption, List<String> header, List<List<Block.Cell>> rows) {
        blocks.add(new Block.Table(caption, header, rows));
        return this;
    }

    /** The blocks so far. */
    public List<Block> blocks() {
        return List.copyOf(blocks);
    }

    /** Number of figures and image cells so far. */
    public long imageCount() {
        long n = 0;
        for (Block b : blocks) {
            if (b instanceof Block.Figures f) {
                n += f.figures().size();
            } else if (b instanceof Block.Table t) {
                n += t.rows().stream().flatMap(List::stream).filter(c -> c instanceof Block.Cell.Image).count();
            }
        }
        return n;
    }
}
