package dev.loupe.report;

import dev.loupe.LoupeException;
import dev.loupe.render.Png;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes the report's files under {@code <report>/img/} and hands back their paths relative to the report folder:
 * PNG figures with provenance metadata, charts as PNG and SVG, and CSV tables of chart data.
 */
public final class FigureStore {
    /** The folder of every figure, relative to the report folder. */
    public static final String FOLDER = "img";

    private final Path root;
    private final Set<String> used = new HashSet<>();

    /** A store writing under {@code reportFolder/img}, which is created. */
    public FigureStore(Path reportFolder) {
        this.root = reportFolder;
        try {
            Files.createDirectories(reportFolder.resolve(FOLDER));
        } catch (IOException e) {
            throw new LoupeException("cannot create the report folder " + reportFolder.resolve(FOLDER) + ": "
                    + e.getMessage(), e);
        }
    }

    /** The report folder. */
    public Path root() {
        return root;
    }

    /**
     * Writes {@code image} as {@code img/<name>.png} with the text metadata (such as
     * {@link Png#metadata(dev.loupe.explain.Provenance)}) and returns its relative path.
     */
    public String png(String name, BufferedImage image, Map<String, String> metadata) {
        String rel = unique(name, "png");
        Png.write(image, root.resolve(rel), metadata);
        return rel;
    }

    /** Writes a chart as PNG (at twice its size, for sharp text) and SVG; the figure links the SVG. */
    public Figure chart(String name, Chart<?, ?> chart, String caption, List<Figure.Link> more) {
        String png = unique(name, "png");
        String svg = png.substring(0, png.length() - 4) + ".svg";
        try {
            BufferedImage image = BitmapEncoder.getBufferedImage(chart);
            Png.write(image, root.resolve(png), Map.of("loupe.figure", name));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            Files.write(root.resolve(svg), out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + name + ": " + e.getMessage(), e);
        }
        List<Figure.Link> links = new ArrayList<>();
        links.add(new Figure.Link("SVG", svg));
        links.addAll(more);
        return new Figure(png, caption, links);
    }

    /** Writes a CSV table (header, then one line per row) as {@code img/<name>.csv}; returns its relative path. */
    public String csv(String name, List<String> header, List<List<String>> rows) {
        String rel = unique(name, "csv");
        StringBuilder b = new StringBuilder(String.join(",", header.stream().map(FigureStore::quote).toList()))
                .append('\n');
        for (List<String> row : rows) {
            b.append(String.join(",", row.stream().map(FigureStore::quote).toList())).append('\n');
        }
        try {
            Files.writeString(root.resolve(rel), b.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + rel + ": " + e.getMessage(), e);
        }
        return rel;
    }

    /**
     * Reserves {@code img/<name>.<extension>} for a file that the caller writes itself (such as a CSV from a library
     * writer) and returns its relative path; resolve it against {@link #root()}.
     */
    public String reserve(String name, String extension) {
        return unique(name, extension);
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private String unique(String name, String extension) {
        String base = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        if (base.isEmpty()) {
            base = "figure";
        }
        String rel = FOLDER + "/" + base + "." + extension;
        for (int i = 2; used.contains(rel); i++) {
            rel = FOLDER + "/" + base + "-" + i + "." + extension;
        }
        used.add(rel);
        return rel;
    }
}
