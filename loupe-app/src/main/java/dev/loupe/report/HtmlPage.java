package dev.loupe.report;

import java.util.List;
import java.util.Map;

/**
 * Draws the report as one HTML page: a header with the model's facts, a table of contents, then one numbered
 * section per experiment. The style sheet is inline and nothing is loaded from the network.
 */
public final class HtmlPage {
    /**
     * A section as the page shows it.
     *
     * @param id          the anchor
     * @param title       the heading
     * @param content     what the section produced (possibly partial when it failed)
     * @param unavailable why the section could not run, or null
     * @param seconds     how long it took
     */
    public record RenderedSection(String id, String title, SectionContent content, String unavailable,
                                  double seconds) {
    }

    private HtmlPage() {
    }

    /** The whole page. {@code facts} are shown as the header's table (model, data, accuracy, options…). */
    public static String render(String title, Map<String, String> facts, List<RenderedSection> sections) {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n");
        b.append("<nav class=\"toc\">\n<div class=\"brand\">Loupe report</div>\n<ol>\n");
        for (RenderedSection s : sections) {
            b.append("<li><a href=\"#").append(escape(s.id())).append("\">").append(escape(s.title()))
                    .append("</a>").append(s.unavailable() == null ? "" : " <span class=\"tag\">limited</span>")
                    .append("</li>\n");
        }
        b.append("</ol>\n</nav>\n<main>\n<header>\n<h1>").append(escape(title)).append("</h1>\n");
        b.append("<table class=\"facts\">\n");
        for (Map.Entry<String, String> e : facts.entrySet()) {
            b.append("<tr><th>").append(escape(e.getKey())).append("</th><td>").append(escape(e.getValue()))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n</header>\n");
        int number = 1;
        for (RenderedSection s : sections) {
            section(b, number++, s);
        }
        b.append("<footer>Made by Loupe. Every figure is a PNG in <code>img/</code> whose text metadata records the ")
                .append("method, parameters, seed and model digest; charts also come as SVG and CSV.</footer>\n")
                .append("</main>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void section(StringBuilder b, int number, RenderedSection s) {
        b.append("<section id=\"").append(escape(s.id())).append("\">\n<h2><span class=\"num\">").append(number)
                .append("</span>").append(escape(s.title())).append("</h2>\n");
        for (Block block : s.content().blocks()) {
            block(b, block);
        }
        if (s.unavailable() != null) {
            b.append("<p class=\"unavailable\"><strong>Not shown:</strong> ").append(escape(s.unavailable()))
                    .append("</p>\n");
        }
        b.append(String.format(java.util.Locale.ROOT, "<p class=\"timing\">section time %.1f s</p>%n", s.seconds()));
        b.append("</section>\n");
    }

    private static void block(StringBuilder b, Block block) {
        if (block instanceof Block.Paragraph p) {
            b.append("<p>").append(escape(p.text())).append("</p>\n");
        } else if (block instanceof Block.Note n) {
            b.append("<p class=\"note\">").append(escape(n.text())).append("</p>\n");
        } else if (block instanceof Block.Parameters p) {
            b.append("<details class=\"params\"><summary>").append(escape(p.heading()))
                    .append("</summary>\n<table>\n");
            for (Map.Entry<String, String> e : p.values().entrySet()) {
                b.append("<tr><th>").append(escape(e.getKey())).append("</th><td><code>").append(escape(e.getValue()))
                        .append("</code></td></tr>\n");
            }
            b.append("</table>\n</details>\n");
        } else if (block instanceof Block.Figures f) {
            b.append("<div class=\"figures\">\n");
            for (Figure fig : f.figures()) {
                b.append("<figure>\n<img src=\"").append(escape(fig.src())).append("\" alt=\"")
                        .append(escape(fig.caption().isEmpty() ? fig.src() : fig.caption())).append("\">\n");
                if (!fig.caption().isEmpty() || !fig.downloads().isEmpty()) {
                    b.append("<figcaption>").append(escape(fig.caption()));
                    for (Figure.Link link : fig.downloads()) {
                        b.append(" <a class=\"dl\" href=\"").append(escape(link.href())).append("\">")
                                .append(escape(link.label())).append("</a>");
                    }
                    b.append("</figcaption>\n");
                }
                b.append("</figure>\n");
            }
            b.append("</div>\n");
        } else if (block instanceof Block.Table t) {
            b.append("<div class=\"table-wrap\"><table class=\"grid\">\n");
            if (!t.caption().isEmpty()) {
                b.append("<caption>").append(escape(t.caption())).append("</caption>\n");
            }
            b.append("<thead><tr>");
            for (String h : t.header()) {
                b.append("<th>").append(escape(h)).append("</th>");
            }
            b.append("</tr></thead>\n<tbody>\n");
            for (List<Block.Cell> row : t.rows()) {
                b.append("<tr>");
                for (Block.Cell cell : row) {
                    if (cell instanceof Block.Cell.Image img) {
                        b.append("<td class=\"img\"><img src=\"").append(escape(img.src())).append("\" alt=\"")
                                .append(escape(img.alt())).append("\"></td>");
                    } else if (cell instanceof Block.Cell.Text text) {
                        b.append(text.numeric() ? "<td class=\"n\">" : "<td>").append(escape(text.text()))
                                .append("</td>");
                    }
                }
                b.append("</tr>\n");
            }
            b.append("</tbody>\n</table></div>\n");
        }
    }

    /** Escapes text for HTML content and attribute values. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            :root { --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --accent: #0b5cad; --soft: #f6f8fa; }
            * { box-sizing: border-box; }
            body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
                   color: var(--ink); background: #fff; }
            nav.toc { position: fixed; top: 0; left: 0; bottom: 0; width: 250px; overflow-y: auto; padding: 20px 16px;
                      background: var(--soft); border-right: 1px solid var(--line); font-size: 13.5px; }
            nav.toc .brand { font-weight: 700; font-size: 17px; margin-bottom: 10px; color: var(--accent); }
            nav.toc ol { padding-left: 22px; margin: 0; }
            nav.toc li { margin: 5px 0; }
            nav.toc a { color: var(--ink); text-decoration: none; }
            nav.toc a:hover { color: var(--accent); text-decoration: underline; }
            .tag { font-size: 11px; color: #8a4600; background: #fff1e0; border-radius: 8px; padding: 0 6px; }
            main { margin-left: 250px; padding: 24px 40px 60px; max-width: 1240px; }
            header h1 { font-size: 26px; margin: 0 0 12px; }
            table.facts { border-collapse: collapse; font-size: 13.5px; margin-bottom: 8px; }
            table.facts th { text-align: left; color: var(--muted); font-weight: 600; padding: 2px 18px 2px 0; }
            table.facts td { padding: 2px 0; }
            section { border-top: 1px solid var(--line); padding-top: 14px; margin-top: 26px; }
            h2 { font-size: 21px; margin: 4px 0 10px; }
            h2 .num { display: inline-block; min-width: 30px; height: 30px; line-height: 30px; text-align: center;
                      border-radius: 15px; background: var(--accent); color: #fff; font-size: 15px;
                      margin-right: 10px; }
            p { max-width: 900px; margin: 8px 0; }
            p.note { background: #fff8e5; border-left: 4px solid #e0a800; padding: 6px 12px; }
            p.unavailable { background: #fdecea; border-left: 4px solid #c62828; padding: 6px 12px; }
            p.timing { color: var(--muted); font-size: 12px; text-align: right; max-width: none; }
            details.params { margin: 10px 0; font-size: 13px; max-width: 900px; }
            details.params summary { cursor: pointer; color: var(--muted); font-weight: 600; white-space: nowrap;
                                      overflow: hidden; text-overflow: ellipsis; }
            details.params + details.params { margin-top: -6px; }
            details.params table { border-collapse: collapse; margin: 4px 0 0 12px; }
            details.params th { text-align: left; font-weight: 600; padding: 1px 14px 1px 0; color: var(--muted);
                                vertical-align: top; white-space: nowrap; }
            details.params td code { font-size: 12.5px; word-break: break-all; }
            .figures { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; margin: 12px 0; }
            figure { margin: 0; max-width: 100%; }
            figure img { max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px;
                         image-rendering: pixelated; }
            figcaption { font-size: 13px; color: var(--muted); max-width: 640px; margin-top: 4px; }
            a.dl { font-size: 12px; border: 1px solid var(--line); border-radius: 4px; padding: 0 5px;
                   text-decoration: none; color: var(--accent); }
            .table-wrap { overflow-x: auto; margin: 12px 0; }
            table.grid { border-collapse: collapse; font-size: 13px; }
            table.grid caption { caption-side: top; text-align: left; color: var(--muted); padding-bottom: 4px; }
            table.grid th, table.grid td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: middle; }
            table.grid th { background: var(--soft); }
            table.grid td.n { text-align: right; font-variant-numeric: tabular-nums; }
            table.grid td.img { padding: 2px; text-align: center; }
            table.grid td.img img { display: block; image-rendering: pixelated; }
            code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
            footer { margin-top: 40px; color: var(--muted); font-size: 12.5px; border-top: 1px solid var(--line);
                     padding-top: 10px; }
            @media (max-width: 900px) { nav.toc { position: static; width: auto; } main { margin-left: 0; } }
            """;
}
