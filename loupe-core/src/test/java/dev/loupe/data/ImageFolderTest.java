package dev.loupe.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.LoupeException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir
    Path root;

    private static void grey(Path file, int[][] values) throws IOException {
        BufferedImage img = new BufferedImage(values[0].length, values.length, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < values.length; y++) {
            for (int x = 0; x < values[0].length; x++) {
                img.getRaster().setSample(x, y, 0, values[y][x]);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    private static void rgb(Path file, int w, int h, int rgb, String format) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, format, file.toFile());
    }

    @Test
    void classesAreSortedSubFolderNamesAndImagesFollowInNameOrder() throws IOException {
        grey(root.resolve("zebra/b.png"), new int[][] {{255, 255}, {255, 255}});
        grey(root.resolve("zebra/a.png"), new int[][] {{0, 0}, {0, 0}});
        grey(root.resolve("ant/x.png"), new int[][] {{51, 102}, {153, 204}});
        Files.writeString(root.resolve("ant/notes.txt"), "ignored");
        Dataset d = ImageFolder.read(root, new ImageFolder.Options(1, 2, 2));
        assertThat(d.classNames()).containsExactly("ant", "zebra");
        assertThat(d.labels()).containsExactly(0, 1, 1);
        assertThat(d.image(0).data()).containsExactly(0.2f, 0.4f, 0.6f, 0.8f);
        assertThat(d.image(1).max()).isZero();
        assertThat(d.image(2).min()).isEqualTo(1f);
        assertThat(d.name()).isEqualTo(root.getFileName().toString());
    }

    @Test
    void rgbIsKeptOrConvertedToLuma() throws IOException {
        rgb(root.resolve("c/p.png"), 3, 3, 0xFF8000, "png"); // R 255, G 128, B 0
        Dataset colour = ImageFolder.read(root, new ImageFolder.Options(3, 3, 3));
        assertThat(colour.channels()).isEqualTo(3);
        assertThat(colour.images().get(0, 0, 1, 1)).isEqualTo(1f);
        assertThat(colour.images().get(0, 1, 1, 1)).isCloseTo(128 / 255f, within(1e-6f));
        assertThat(colour.images().get(0, 2, 1, 1)).isZero();
        Dataset greyed = ImageFolder.read(root, new ImageFolder.Options(1, 3, 3));
        assertThat(greyed.images().get(0, 0, 2, 0)).isCloseTo(0.299f + 0.587f * 128 / 255f, within(1e-5f));
    }

    @Test
    void greyIsReplicatedForRgb() throws IOException {
        grey(root.resolve("c/g.png"), new int[][] {{10, 20}});
        Dataset d = ImageFolder.read(root, new ImageFolder.Options(3, 1, 2));
        for (int c = 0; c < 3; c++) {
            assertThat(d.images().get(0, c, 0, 1)).isCloseTo(20 / 255f, within(1e-7f));
        }
    }

    @Test
    void jpegIsRead() throws IOException {
        rgb(root.resolve("c/p.jpg"), 8, 8, 0x808080, "jpg");
        Dataset d = ImageFolder.read(root, new ImageFolder.Options(1, 4, 4));
        assertThat(d.images().min()).isCloseTo(128 / 255f, within(3 / 255f));
        assertThat(d.images().max()).isCloseTo(128 / 255f, within(3 / 255f));
    }

    @Test
    void shrinkingAveragesAreas() throws IOException {
        grey(root.resolve("c/a.png"), new int[][] {
                {0, 40, 80, 120},
                {40, 80, 120, 160},
                {200, 200, 0, 0},
                {200, 200, 0, 0}});
        Dataset d = ImageFolder.read(root, new ImageFolder.Options(1, 2, 2));
        // each output pixel is the mean of a 2 x 2 block
        assertThat(d.image(0).data()).usingComparatorWithPrecision(1e-6f)
                .containsExactly(40 / 255f, 120 / 255f, 200 / 255f, 0f);
    }

    @Test
    void shrinkingByANonIntegerFactorWeighsPartialPixels() {
        // 3 pixels to 2: output 0 covers [0, 1.5) -> (a + b/2) / 1.5, output 1 covers [1.5, 3) -> (b/2 + c) / 1.5
        float[] out = Resize.plane(new float[] {0.3f, 0.6f, 0.9f}, 1, 3, 1, 2);
        assertThat(out[0]).isCloseTo((0.3f + 0.3f) / 1.5f, within(1e-6f));
        assertThat(out[1]).isCloseTo((0.3f + 0.9f) / 1.5f, within(1e-6f));
    }

    @Test
    void enlargingIsBilinearWithHalfPixelCentres() {
        // 2 -> 4: output centres map to input x = -0.25, 0.25, 0.75, 1.25 -> clamped 0, interpolated, clamped 1
        float[] out = Resize.plane(new float[] {0f, 1f}, 1, 2, 1, 4);
        assertThat(out).usingComparatorWithPrecision(1e-6f).containsExactly(0f, 0.25f, 0.75f, 1f);
        float[] same = Resize.plane(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 2, 2, 2, 2);
        assertThat(same).containsExactly(0.1f, 0.2f, 0.3f, 0.4f);
    }

    @Test
    void resizingKeepsAConstantImageConstant() {
        float[] c = new float[7 * 5];
        java.util.Arrays.fill(c, 0.37f);
        for (int[] size : new int[][] {{3, 2}, {14, 10}, {3, 11}, {1, 1}}) {
            float[] out = Resize.plane(c, 7, 5, size[0], size[1]);
            for (float v : out) {
                assertThat(v).isCloseTo(0.37f, within(1e-6f));
            }
        }
    }

    @Test
    void unreadableFilesAreNamed() throws IOException {
        grey(root.resolve("c/ok.png"), new int[][] {{1}});
        Path bad = root.resolve("c/broken.png");
        Files.writeString(bad, "this is not a PNG");
        assertThatThrownBy(() -> ImageFolder.read(root, ImageFolder.Options.MNIST_LIKE))
                .isInstanceOf(LoupeException.class).hasMessageStartingWith(bad.toString() + ": ");
    }

    @Test
    void emptyOrMissingFoldersAreClearErrors() throws IOException {
        assertThatThrownBy(() -> ImageFolder.read(root.resolve("missing"), ImageFolder.Options.MNIST_LIKE))
                .hasMessageContaining("not a directory");
        assertThatThrownBy(() -> ImageFolder.read(root, ImageFolder.Options.MNIST_LIKE))
                .hasMessageContaining("no class folders");
        Files.createDirectories(root.resolve("empty-class"));
        assertThatThrownBy(() -> ImageFolder.read(root, ImageFolder.Options.MNIST_LIKE))
                .hasMessageContaining("no images found in 1 class folders");
        assertThatThrownBy(() -> new ImageFolder.Options(2, 28, 28)).hasMessageContaining("channels");
    }
}
