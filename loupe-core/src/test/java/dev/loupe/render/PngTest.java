package dev.loupe.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.explain.Provenance;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngTest {
    @TempDir
    Path dir;

    private static BufferedImage randomRgb(int w, int h, long seed) {
        Random random = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return img;
    }

    @Test
    void metadataAndPixelsRoundTrip() {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("loupe.method", "lrp.epsilon-gamma-box");
        text.put("loupe.parameters", "epsilon=1e-6, gamma=0.25, low=-0.4242, high=2.8215");
        text.put("Comment", "Zürich café");           // Latin-1: a tEXt chunk
        text.put("loupe.caption", "Grad-CAM — class “seven” ✓"); // needs UTF-8: an iTXt chunk
        text.put("empty", "");
        BufferedImage img = randomRgb(13, 7, 1);
        Path file = dir.resolve("figure.png");
        Png.write(img, file, text);

        assertThat(Png.readText(file)).containsExactlyInAnyOrderEntriesOf(text);
        BufferedImage back = Png.read(file);
        assertThat(back.getRGB(0, 0, 13, 7, null, 0, 13)).containsExactly(img.getRGB(0, 0, 13, 7, null, 0, 13));
    }

    @Test
    void latinOneValuesGoIntoTextChunksAndOthersIntoInternationalChunks() throws Exception {
        byte[] png = Png.encode(randomRgb(2, 2, 2), Map.of("a", "plain", "b", "ünïcode ✓"));
        String raw = new String(png, StandardCharsets.ISO_8859_1);
        assertThat(raw).contains("tEXta\0plain");
        assertThat(raw).contains("iTXtb\0");
        assertThat(raw).doesNotContain("tEXtb");
        assertThat(Png.readText(png)).containsEntry("b", "ünïcode ✓");
    }

    @Test
    void greyImagesStayGreyAndExact() {
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 77, 255});
        Path file = dir.resolve("grey.png");
        Png.write(grey, file);
        BufferedImage back = Png.read(file);
        assertThat(back.getRaster().getNumBands()).isEqualTo(1);
        assertThat(back.getRaster().getSamples(0, 0, 3, 1, 0, (int[]) null)).containsExactly(0, 77, 255);
        assertThat(Png.readText(file)).isEmpty();
    }

    @Test
    void writingReplacesTheTargetAndLeavesNoTemporaryFileBehind() throws Exception {
        Path file = dir.resolve("sub/dir/map.png");
        Png.write(randomRgb(4, 4, 3), file, Map.of("run", "1"));
        Png.write(randomRgb(5, 3, 4), file, Map.of("run", "2"));
        assertThat(Png.readText(file)).containsExactly(Map.entry("run", "2"));
        assertThat(Png.read(file).getWidth()).isEqualTo(5);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of("map.png"));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).startsWith("rw-r--r--");
    }

    @Test
    void aRejectedKeyWritesNothing() throws Exception {
        Path file = dir.resolve("bad.png");
        assertThatThrownBy(() -> Png.write(randomRgb(2, 2, 5), file, Map.of(" leading space", "x")))
                .isInstanceOf(LoupeException.class).hasMessageContaining("' leading space'");
        assertThatThrownBy(() -> Png.write(randomRgb(2, 2, 5), file, Map.of("k".repeat(80), "x")))
                .isInstanceOf(LoupeException.class);
        assertThatThrownBy(() -> Png.write(randomRgb(2, 2, 5), file, Map.of("clé✓", "x")))
                .isInstanceOf(LoupeException.class);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void readingSomethingElseIsAUserError() throws Exception {
        Path file = dir.resolve("not.png");
        Files.writeString(file, "hello");
        assertThatThrownBy(() -> Png.readText(file)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("not.png");
        assertThatThrownBy(() -> Png.read(file)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("not.png");
        assertThatThrownBy(() -> Png.read(dir.resolve("missing.png"))).isInstanceOf(LoupeException.class)
                .hasMessageContaining("missing.png");
    }

    @Test
    void provenanceRoundTripsUnderFixedKeys() {
        Provenance p = new Provenance("lrp.epsilon-gamma-box", Map.of("gamma", "0.25", "epsilon", "1e-6"), 0,
                "sha256:abc123");
        Path file = dir.resolve("lrp.png");
        Png.write(randomRgb(3, 3, 7), file, Png.metadata(p));
        assertThat(Png.readText(file)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "loupe.method", "lrp.epsilon-gamma-box",
                "loupe.parameters", "epsilon=1e-6, gamma=0.25",
                "loupe.seed", "0",
                "loupe.model", "sha256:abc123"));
    }

    @Test
    void dataUrisCarryTheEncodedImage() {
        BufferedImage img = randomRgb(3, 3, 6);
        String uri = Png.dataUri(img);
        assertThat(uri).startsWith("data:image/png;base64,");
        byte[] bytes = java.util.Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1));
        assertThat(bytes[1]).isEqualTo((byte) 'P');
        assertThat(Png.readText(bytes)).isEmpty();
    }
}
