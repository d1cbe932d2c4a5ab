package dev.loupe.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxTest {
    private static final List<String> TEN = KnownDatasets.MNIST.classNames();

    @TempDir
    Path dir;

    private static Idx.Images randomImages(int n, int rows, int cols, long seed) {
        byte[] px = new byte[n * rows * cols];
        new Random(seed).nextBytes(px);
        return new Idx.Images(n, rows, cols, px);
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void imagesAndLabelsRoundTrip(boolean gzip) {
        Idx.Images images = randomImages(7, 3, 5, 1);
        int[] labels = {0, 9, 3, 3, 255, 1, 7};
        Path imgFile = dir.resolve("img");
        Path lblFile = dir.resolve("lbl");
        Idx.writeImages(imgFile, images, gzip);
        Idx.writeLabels(lblFile, labels, gzip);

        Idx.Images back = Idx.readImages(imgFile);
        assertThat(back.count()).isEqualTo(7);
        assertThat(back.rows()).isEqualTo(3);
        assertThat(back.cols()).isEqualTo(5);
        assertThat(back.pixels()).isEqualTo(images.pixels());
        assertThat(Idx.readLabels(lblFile)).containsExactly(labels);
        assertThat(Idx.isGzip(imgFile)).isEqualTo(gzip);
    }

    @Test
    void rawFileHasTheDocumentedLayout() throws IOException {
        Idx.writeLabels(dir.resolve("l"), new int[] {4, 2}, false);
        assertThat(Files.readAllBytes(dir.resolve("l")))
                .containsExactly(0, 0, 8, 1, 0, 0, 0, 2, 4, 2);
    }

    @Test
    void compressionIsDetectedByContentNotByName() {
        Idx.Images images = randomImages(2, 2, 2, 2);
        Path gzNamedRaw = dir.resolve("a-idx3-ubyte.gz");
        Path rawNamedGz = dir.resolve("b-idx3-ubyte");
        Idx.writeImages(gzNamedRaw, images, false);
        Idx.writeImages(rawNamedGz, images, true);
        assertThat(Idx.readImages(gzNamedRaw).pixels()).isEqualTo(images.pixels());
        assertThat(Idx.readImages(rawNamedGz).pixels()).isEqualTo(images.pixels());
        assertThat(Idx.isGzip(rawNamedGz)).isTrue();
        assertThat(Idx.isGzip(gzNamedRaw)).isFalse();
    }

    @Test
    void pixelsAreScaledToTheUnitInterval() {
        Idx.Images images = new Idx.Images(1, 1, 4, new byte[] {0, 51, (byte) 128, (byte) 255});
        Tensor t = images.toTensor(false);
        assertThat(t.shape()).containsExactly(1, 1, 1, 4);
        assertThat(t.data()).containsExactly(0f, 0.2f, 128f / 255f, 1f);
    }

    @Test
    void transposeSwapsRowsAndColumnsOfEveryImage() {
        // two 2 x 3 images; image n has pixel (r, c) = 100 n + 10 r + c
        byte[] px = new byte[12];
        for (int n = 0; n < 2; n++) {
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 3; c++) {
                    px[n * 6 + r * 3 + c] = (byte) (100 * n + 10 * r + c);
                }
            }
        }
        Tensor t = new Idx.Images(2, 2, 3, px).toTensor(true);
        assertThat(t.shape()).containsExactly(2, 1, 3, 2);
        for (int n = 0; n < 2; n++) {
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(t.get(n, 0, c, r) * 255f).isCloseTo(100 * n + 10 * r + c, org.assertj.core.data.Offset.offset(1e-3f));
                }
            }
        }
    }

    @Test
    void readDatasetPairsImagesWithLabels() {
        Idx.Images images = randomImages(3, 4, 4, 3);
        Idx.writeImages(dir.resolve("i.gz"), images, true);
        Idx.writeLabels(dir.resolve("l.gz"), new int[] {2, 0, 1}, true);
        Dataset d = Idx.readDataset(dir.resolve("i.gz"), dir.resolve("l.gz"), false, TEN, "toy/test");
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.labels()).containsExactly(2, 0, 1);
        assertThat(d.image(1).data()).isEqualTo(images.toTensor(false).item(1).data());
        assertThat(d.name()).isEqualTo("toy/test");
    }

    @Test
    void tensorWriterQuantizesToBytes() {
        Tensor t = Tensor.of(new float[] {0f, 0.5f, 1f, 1.7f, -0.2f, 0.2f}, 1, 1, 2, 3);
        Idx.writeImages(dir.resolve("t"), t, true);
        assertThat(Idx.readImages(dir.resolve("t")).pixels())
                .containsExactly(0, (byte) 128, (byte) 255, (byte) 255, 0, 51);
    }

    // ------------------------------------------------------------ corruption: every failure is a one-line message

    @Test
    void truncatedPixelsNameTheFileAndTheCounts() {
        Path f = dir.resolve("t10k-images-idx3-ubyte.gz");
        Idx.write(f, Idx.IMAGES_MAGIC, new int[] {10_000, 28, 28}, new byte[1234], true);
        assertThatThrownBy(() -> Idx.readImages(f)).isInstanceOf(LoupeException.class)
                .hasMessage("t10k-images-idx3-ubyte.gz: truncated: expected 7840000 pixel bytes, found 1234");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void wrongMagicIsRejected(boolean gzip) {
        Path images = dir.resolve("images");
        Idx.writeLabels(images, new int[] {1, 2}, gzip);
        assertThatThrownBy(() -> Idx.readImages(images)).isInstanceOf(LoupeException.class)
                .hasMessage("images: not an IDX image file: magic number 0x00000801, expected 0x00000803");
        Path labels = dir.resolve("labels");
        Idx.writeImages(labels, randomImages(1, 2, 2, 4), gzip);
        assertThatThrownBy(() -> Idx.readLabels(labels))
                .hasMessage("labels: not an IDX label file: magic number 0x00000803, expected 0x00000801");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void truncatedHeaderIsRejected(boolean gzip) {
        Path f = dir.resolve("short");
        Idx.write(f, Idx.IMAGES_MAGIC, new int[] {5}, new byte[0], gzip);
        assertThatThrownBy(() -> Idx.readImages(f))
                .hasMessage("short: truncated: expected a 12-byte header of dimension sizes, found 4 bytes");
        Path g = dir.resolve("tiny");
        Idx.write(g, 0, new int[0], new byte[] {0, 0}, gzip); // 4-byte magic of 0 then 2 bytes: read as magic 0
        assertThatThrownBy(() -> Idx.readLabels(g)).hasMessageContaining("tiny: not an IDX label file");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void emptyFileIsTruncated(boolean gzip) throws IOException {
        Path f = dir.resolve("empty");
        Files.write(f, new byte[0]);
        assertThatThrownBy(() -> Idx.readLabels(f))
                .hasMessage("empty: truncated: expected a 4-byte IDX magic number, found 0 bytes");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void trailingBytesAreRejected(boolean gzip) {
        Path f = dir.resolve("long");
        Idx.write(f, Idx.LABELS_MAGIC, new int[] {3}, new byte[] {1, 2, 3, 4, 5}, gzip);
        assertThatThrownBy(() -> Idx.readLabels(f))
                .hasMessageStartingWith("long: 2 unexpected bytes after the last of 3 label bytes");
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void truncatedLabelsAreRejected(boolean gzip) {
        Path f = dir.resolve("lbl");
        Idx.write(f, Idx.LABELS_MAGIC, new int[] {10}, new byte[] {1, 2, 3}, gzip);
        assertThatThrownBy(() -> Idx.readLabels(f)).hasMessage("lbl: truncated: expected 10 label bytes, found 3");
    }

    @Test
    void badImageDimensionsAreRejected() {
        Path zero = dir.resolve("zero");
        Idx.write(zero, Idx.IMAGES_MAGIC, new int[] {1, 0, 28}, new byte[0], false);
        assertThatThrownBy(() -> Idx.readImages(zero)).hasMessageStartingWith("zero: bad image size 0 x 28");
        Path negative = dir.resolve("negative");
        Idx.write(negative, Idx.IMAGES_MAGIC, new int[] {-1, 28, 28}, new byte[0], false);
        assertThatThrownBy(() -> Idx.readImages(negative)).hasMessage("negative: bad dimension 0 size 4294967295");
        Path huge = dir.resolve("huge");
        Idx.write(huge, Idx.IMAGES_MAGIC, new int[] {1 << 30, 28, 28}, new byte[0], false);
        assertThatThrownBy(() -> Idx.readImages(huge)).hasMessageContaining("too many to hold in memory");
    }

    @Test
    void aHeaderClaimingAHugeCountDoesNotAllocateItUpFront() {
        Path f = dir.resolve("liar");
        Idx.write(f, Idx.LABELS_MAGIC, new int[] {2_000_000_000}, new byte[100], true);
        assertThatThrownBy(() -> Idx.readLabels(f))
                .hasMessage("liar: truncated: expected 2000000000 label bytes, found 100");
    }

    @Test
    void gzipCutShortIsReportedAsTruncation() throws IOException {
        Path full = dir.resolve("full.gz");
        Idx.writeImages(full, randomImages(50, 28, 28, 5), true);
        byte[] bytes = Files.readAllBytes(full);
        Path cut = dir.resolve("cut.gz");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> Idx.readImages(cut)).isInstanceOf(LoupeException.class)
                .hasMessageStartingWith("cut.gz: truncated: expected 39200 pixel bytes, found ");
    }

    @Test
    void garbageAfterGzipMagicIsCorruptGzip() throws IOException {
        Path f = dir.resolve("bad.gz");
        Files.write(f, new byte[] {0x1f, (byte) 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        assertThatThrownBy(() -> Idx.readLabels(f)).isInstanceOf(LoupeException.class)
                .hasMessageStartingWith("bad.gz: corrupt gzip data");
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nope-idx1-ubyte.gz");
        assertThatThrownBy(() -> Idx.readLabels(f)).isInstanceOf(LoupeException.class)
                .hasMessage(f + ": no such file");
    }

    @Test
    void imageAndLabelCountsMustMatch() {
        Idx.writeImages(dir.resolve("i"), randomImages(3, 2, 2, 6), false);
        Idx.writeLabels(dir.resolve("l"), new int[] {1, 2}, true);
        assertThatThrownBy(() -> Idx.readDataset(dir.resolve("i"), dir.resolve("l"), false, TEN, "x"))
                .isInstanceOf(LoupeException.class).hasMessage("i: holds 3 images but l holds 2 labels");
    }

    @Test
    void labelsMustBeClassesOfTheDataset() {
        Idx.writeImages(dir.resolve("i"), randomImages(2, 2, 2, 7), false);
        Idx.writeLabels(dir.resolve("l"), new int[] {1, 10}, false);
        assertThatThrownBy(() -> Idx.readDataset(dir.resolve("i"), dir.resolve("l"), false, TEN, "mnist/test"))
                .isInstanceOf(LoupeException.class)
                .hasMessage("l: label 10 of item 1 is not a class of mnist/test (10 classes)");
    }

    @Test
    void everyMessageIsOneLine() {
        Path f = dir.resolve("x");
        Idx.write(f, Idx.IMAGES_MAGIC, new int[] {2, 3, 3}, new byte[5], true);
        assertThatThrownBy(() -> Idx.readImages(f)).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
