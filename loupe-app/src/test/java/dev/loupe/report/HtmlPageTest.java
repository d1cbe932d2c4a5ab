package dev.loupe.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The page drawing: escaping, the table of contents, every block kind and the reason of a limited section. */
class HtmlPageTest {
    private static String page() {
        SectionContent a = new SectionContent().paragraph("x < y & \"z\"").note("careful <b>")
                .parameters("Provenance: m", Map.of("seed", "7"))
                .figures(new Figure("img/a.png", "cap & tion", List.of(new Figure.Link("SVG", "img/a.svg"))))
                .table("t", List.of("h1", "h2"), List.of(List.of(Block.Cell.text("<i>"),
                        Block.Cell.image("img/b.png", "alt\"q"))));
        SectionContent b = new SectionContent().paragraph("second");
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("model", "seednet <1>");
        return HtmlPage.render("T & co", facts, List.of(
                new HtmlPage.RenderedSection("first", "First <one>", a, null, 1.25),
                new HtmlPage.RenderedSection("second", "Second", b, "no <lib>", 0)));
    }

    @Test
    void escapesEveryTextAndAttribute() {
        String html = page();
        assertThat(html).contains("x &lt; y &amp; &quot;z&quot;", "careful &lt;b&gt;", "cap &amp; tion",
                "&lt;i&gt;", "alt=\"alt&quot;q\"", "<title>T &amp; co</title>", "seednet &lt;1&gt;",
                "First &lt;one&gt;", "no &lt;lib&gt;");
        assertThat(html).doesNotContain("<b>", "<i>", "<lib>", "<one>");
    }

    @Test
    void drawsTheTableOfContentsAndEveryBlockKind() {
        String html = page();
        assertThat(html).contains("<a href=\"#first\">", "<a href=\"#second\">", "<section id=\"first\">",
                "<section id=\"second\">", "<p class=\"note\">", "<details class=\"params\">",
                "<img src=\"img/a.png\"", "<a class=\"dl\" href=\"img/a.svg\">SVG</a>", "<td class=\"img\"><img "
                        + "src=\"img/b.png\"", "<th>h1</th>", "section time 1.3 s");
        assertThat(html.indexOf("id=\"first\"")).isLessThan(html.indexOf("id=\"second\""));
    }

    @Test
    void aLimitedSectionIsTaggedAndSaysWhy() {
        String html = page();
        assertThat(html).contains("Second</a> <span class=\"tag\">limited</span>")
                .contains("<p class=\"unavailable\"><strong>Not shown:</strong> no &lt;lib&gt;</p>");
        assertThat(html).doesNotContain("First &lt;one&gt;</a> <span");
    }

    @Test
    void aTableRowMustFitTheHeader() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Block.Table("", List.of("a", "b"),
                List.of(List.of(Block.Cell.text("only one"))))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 cells for 2 columns");
    }
}
