package dev.loupe.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole report on a tiny seeded model: structure, images and self-containment of the page. */
class ReportTest {
    /** Every section must have its figures: all their library code is in this build. */
    private static final List<String> COMPLETE = TinyReport.sectionIds();

    @TempDir
    static Path dir;
    static String html;
    static Path index;
    static ReportInput input;
    static final List<String> progress = new ArrayList<>();

    @BeforeAll
    static void writeReport() throws IOException {
        input = TinyReport.input();
        index = Report.write(input, new ReportOptions(dir.resolve("report"), TinyReport.size(), 5, 2),
                (done, total, message) -> progress.add(done + "/" + total + " " + message));
        html = Files.readString(index);
    }

    /** Section id → its HTML, in page order. */
    private static Map<String, String> sections() {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<section id=\"([^\"]+)\">(.*?)</section>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    private static List<String> attribute(String text, String tag, String attribute) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<" + tag + "\\b[^>]*\\b" + attribute + "=\"([^\"]*)\"").matcher(text);
        while (m.find()) {
            out.add(m.group(1).replace("&amp;", "&"));
        }
        return out;
    }

    @Test
    void everySectionIsOnThePageInOrderAndInTheTableOfContents() {
        assertThat(new ArrayList<>(sections().keySet())).containsExactlyElementsOf(TinyReport.sectionIds());
        for (String id : TinyReport.sectionIds()) {
            assertThat(html).contains("<a href=\"#" + id + "\">");
        }
    }

    @Test
    void everyImageIsAValidPngInTheFolder() throws IOException {
        List<String> srcs = attribute(html, "img", "src");
        assertThat(srcs).isNotEmpty();
        for (String src : srcs) {
            assertThat(src).startsWith("img/").endsWith(".png");
            Path file = index.getParent().resolve(src);
            assertThat(file).exists();
            byte[] head = Files.readAllBytes(file);
            assertThat(head).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            BufferedImage img = ImageIO.read(file.toFile());
            assertThat(img).as(src).isNotNull();
            assertThat(img.getWidth()).isPositive();
        }
    }

    @Test
    void everySectionHasImagesOrSaysWhyNot() {
        for (Map.Entry<String, String> s : sections().entrySet()) {
            boolean images = !attribute(s.getValue(), "img", "src").isEmpty();
            boolean why = s.getValue().contains("class=\"unavailable\"");
            assertThat(images || why).as(s.getKey()).isTrue();
        }
    }

    @Test
    void sectionsWithTheirLibraryInTheBuildHaveFiguresAndNoFailure() {
        Map<String, String> sections = sections();
        for (String id : COMPLETE) {
            assertThat(attribute(sections.get(id), "img", "src")).as(id).isNotEmpty();
            assertThat(sections.get(id)).as(id).doesNotContain("class=\"unavailable\"");
        }
    }

    @Test
    void thePageLoadsNothingFromTheNetwork() {
        assertThat(html).doesNotContainPattern("(?i)(src|href)=\"(https?:)?//");
        assertThat(html).doesNotContainPattern("(?i)https?://");
        assertThat(html).doesNotContain("<script").doesNotContain("<link");
        for (String href : attribute(html, "a", "href")) {
            assertThat(href.startsWith("#") || Files.exists(index.getParent().resolve(href))).as(href).isTrue();
        }
    }

    @Test
    void chartsComeAsSvgAndCsvToo() throws IOException {
        List<String> hrefs = attribute(html, "a", "href");
        assertThat(hrefs).anyMatch(h -> h.endsWith(".svg")).anyMatch(h -> h.endsWith(".csv"));
        for (String h : hrefs) {
            if (h.endsWith(".svg")) {
                assertThat(Files.readString(index.getParent().resolve(h))).contains("<svg");
            }
        }
    }

    @Test
    void figuresCarryProvenance() {
        Path predictions = index.getParent().resolve("img/overview-predictions.png");
        Map<String, String> text = dev.loupe.render.Png.readText(predictions);
        assertThat(text).containsKeys("loupe.method", "loupe.model", "loupe.seed");
        assertThat(html).contains(text.get("loupe.model"));
    }

    @Test
    void theRecorderKeptTheFirstAndLastEpochAndTheCurvesWereDrawn() {
        TrainingHistory history = input.history();
        assertThat(history.snapshots()).containsOnlyKeys("epoch 1", "epoch 2");
        assertThat(history.epochs()).extracting(EpochStats::epoch).containsExactly(1, 2);
        assertThat(history.snapshots().get("epoch 2").digest()).isEqualTo(input.model().digest());
        assertThat(index.getParent().resolve("img/training-loss.png")).exists();
        assertThat(sections().get("evolution")).contains("epoch 1").contains("epoch 2")
                .doesNotContain("trained a fresh");
    }

    @Test
    void progressCountsEverySectionUpToTheTotal() {
        int total = TinyReport.sectionIds().size() + 1;
        assertThat(progress).first().asString().startsWith("0/" + total);
        assertThat(progress).last().asString().startsWith(total + "/" + total);
        assertThat(progress).hasSize(total + 1);
    }
}
