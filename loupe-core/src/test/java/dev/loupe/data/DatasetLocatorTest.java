package dev.loupe.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.loupe.LoupeException;
import dev.loupe.data.DatasetLocator.Config;
import dev.loupe.data.DatasetLocator.Located;
import dev.loupe.data.DatasetLocator.Source;
import dev.loupe.data.DatasetLocator.SystemCopy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {
    @TempDir
    Path tmp;

    private Path cache;
    private HttpServer server;
    /** What the loopback server serves: path after the context root to file bytes. */
    private final Map<String, byte[]> served = new HashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        cache = tmp.resolve("cache");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/files/", exchange -> {
            requests.incrementAndGet();
            byte[] body = served.get(exchange.getRequestURI().getPath().substring("/files/".length()));
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/files/";
    }

    /** A locator that looks only in temp directories and downloads only from the loopback server. */
    private DatasetLocator locator(Path explicit, List<SystemCopy> system, boolean download, DownloadProgress p) {
        return new DatasetLocator(new Config(explicit, cache, system, null, download, ImageFolder.Options.MNIST_LIKE, p),
                new Downloader(Duration.ofSeconds(5)));
    }

    private DatasetLocator offline() {
        return locator(null, List.of(), false, DownloadProgress.NONE);
    }

    /** Writes a small valid split of {@code family} into {@code dir}: n images whose pixel 0 is the image index. */
    private static void writeSplit(Path dir, DatasetFamily family, Split split, int n, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        byte[] px = new byte[n * 4 * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            px[i * 16] = (byte) i;
            labels[i] = i % family.classNames().size();
        }
        Idx.writeImages(dir.resolve(family.images(split).fileName()), new Idx.Images(n, 4, 4, px), gzip);
        Idx.writeLabels(dir.resolve(family.labels(split).fileName()), labels, gzip);
    }

    /** A downloadable toy family whose test files are served by the loopback server with the given digests. */
    private DatasetFamily servedFamily(boolean correctDigests) throws IOException {
        Path src = tmp.resolve("src");
        DatasetFamily plain = new DatasetFamily("toy", "Toy", List.of("a", "b", "c"), false, baseUrl(),
                RemoteFile.unverified("toy-train-images.gz"), RemoteFile.unverified("toy-train-labels.gz"),
                RemoteFile.unverified("toy-test-images.gz"), RemoteFile.unverified("toy-test-labels.gz"));
        writeSplit(src, plain, Split.TEST, 300, true);
        List<RemoteFile> verified = new ArrayList<>();
        for (RemoteFile f : plain.files(Split.TEST)) {
            byte[] bytes = Files.readAllBytes(src.resolve(f.fileName()));
            served.put(f.fileName(), bytes);
            String digest = correctDigests ? Downloader.sha256Hex(src.resolve(f.fileName())) : "ab".repeat(32);
            verified.add(new RemoteFile(f.fileName(), bytes.length, List.of(digest)));
        }
        return new DatasetFamily("toy", "Toy", plain.classNames(), false, baseUrl(), plain.trainImages(),
                plain.trainLabels(), verified.get(0), verified.get(1));
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    // ------------------------------------------------------------ the order of places

    @Test
    void explicitIdxDirectoryComesFirst() throws IOException {
        Path data = tmp.resolve("mydata");
        writeSplit(data, KnownDatasets.MNIST, Split.TEST, 5, false);
        writeSplit(cache.resolve("mnist"), KnownDatasets.MNIST, Split.TEST, 9, true);
        Located found = locator(data, List.of(), false, DownloadProgress.NONE).locate("mnist", Split.TEST);
        assertThat(found.source()).isEqualTo(Source.EXPLICIT);
        assertThat(found.location()).isEqualTo(data);
        assertThat(found.dataset().size()).isEqualTo(5);
        assertThat(found.dataset().name()).isEqualTo("mnist/test");
        assertThat(found.family()).contains(KnownDatasets.MNIST);
        assertThat(found.describe()).isEqualTo("mnist/test (5 images) from the --data path: " + data);
    }

    @Test
    void explicitImageFolderUsesTheSplitSubFolder() throws IOException {
        Path data = tmp.resolve("pets");
        for (String split : List.of("train", "test")) {
            for (String cls : List.of("cat", "dog")) {
                Files.createDirectories(data.resolve(split).resolve(cls));
                BufferedImage img = new BufferedImage(5, 5, BufferedImage.TYPE_BYTE_GRAY);
                ImageIO.write(img, "png", data.resolve(split).resolve(cls).resolve(split + ".png").toFile());
            }
        }
        Located found = locator(data, List.of(), false, DownloadProgress.NONE).locateAny(Split.TRAIN);
        assertThat(found.source()).isEqualTo(Source.EXPLICIT);
        assertThat(found.location()).isEqualTo(data.resolve("train"));
        assertThat(found.family()).isEmpty();
        assertThat(found.dataset().classNames()).containsExactly("cat", "dog");
        assertThat(found.dataset().images().shape()).containsExactly(2, 1, 28, 28);
    }

    @Test
    void aWrongExplicitPathIsAnErrorNotAFallThrough() throws IOException {
        writeSplit(cache.resolve("mnist"), KnownDatasets.MNIST, Split.TEST, 3, true);
        Path missing = tmp.resolve("nowhere");
        assertThatThrownBy(() -> locator(missing, List.of(), false, DownloadProgress.NONE).locateAny(Split.TEST))
                .isInstanceOf(LoupeException.class).hasMessageContaining("does not exist");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> locator(empty, List.of(), false, DownloadProgress.NONE).locate("mnist", Split.TEST))
                .hasMessage(empty + ": --data holds neither t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz "
                        + "nor one folder of images per class");
    }

    @Test
    void cacheBeatsSystemCopy() throws IOException {
        Path system = tmp.resolve("usr-share");
        writeSplit(system, KnownDatasets.FASHION_MNIST, Split.TRAIN, 4, true);
        List<SystemCopy> copies = List.of(new SystemCopy(KnownDatasets.FASHION_MNIST, system));
        Located fromSystem = locator(null, copies, false, DownloadProgress.NONE).locate("fashion-mnist", Split.TRAIN);
        assertThat(fromSystem.source()).isEqualTo(Source.SYSTEM);
        assertThat(fromSystem.dataset().classNames().get(9)).isEqualTo("Ankle boot");

        writeSplit(cache.resolve("fashion-mnist"), KnownDatasets.FASHION_MNIST, Split.TRAIN, 6, false);
        Located fromCache = locator(null, copies, false, DownloadProgress.NONE).locate("fashion-mnist", Split.TRAIN);
        assertThat(fromCache.source()).isEqualTo(Source.CACHE);
        assertThat(fromCache.dataset().size()).isEqualTo(6);
        assertThat(requests).hasValue(0);
    }

    @Test
    void anyDatasetTakesWhatTheCacheHoldsThenTheSystemCopy() throws IOException {
        Path system = tmp.resolve("usr-share");
        writeSplit(system, KnownDatasets.FASHION_MNIST, Split.TEST, 4, true);
        List<SystemCopy> copies = List.of(new SystemCopy(KnownDatasets.FASHION_MNIST, system));
        assertThat(locator(null, copies, false, DownloadProgress.NONE).locate("auto", Split.TEST).source())
                .isEqualTo(Source.SYSTEM);
        writeSplit(cache.resolve("kmnist"), KnownDatasets.KMNIST, Split.TEST, 2, true);
        Located any = locator(null, copies, false, DownloadProgress.NONE).locate((String) null, Split.TEST);
        assertThat(any.source()).isEqualTo(Source.CACHE);
        assertThat(any.dataset().name()).isEqualTo("kmnist/test");
    }

    @Test
    void emnistIsTransposedAndNeedsLocalFiles() throws IOException {
        DatasetFamily digits = KnownDatasets.byName("emnist-digits");
        Path data = tmp.resolve("emnist");
        Files.createDirectories(data);
        byte[] px = new byte[2 * 3]; // one 2 x 3 image with pixel (0, 2) set
        px[2] = (byte) 255;
        Idx.writeImages(data.resolve(digits.images(Split.TEST).fileName()), new Idx.Images(1, 2, 3, px), true);
        Idx.writeLabels(data.resolve(digits.labels(Split.TEST).fileName()), new int[] {4}, true);
        Dataset d = locator(data, List.of(), false, DownloadProgress.NONE).locate("emnist-digits", Split.TEST).dataset();
        assertThat(d.images().shape()).containsExactly(1, 1, 3, 2);
        assertThat(d.images().get(0, 0, 2, 0)).isEqualTo(1f);
        assertThatThrownBy(() -> offline().locate("emnist-letters", Split.TEST))
                .hasMessageStartingWith("no emnist-letters/test found: pass --data DIR holding "
                        + "emnist-letters-test-images-idx3-ubyte.gz and emnist-letters-test-labels-idx1-ubyte.gz");
    }

    @Test
    void unpackedAndDottedFileNamesAreFound() throws IOException {
        Path dir = tmp.resolve("kaggle");
        writeSplit(dir, KnownDatasets.MNIST, Split.TEST, 3, false);
        Files.move(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-images.idx3-ubyte"));
        Files.move(dir.resolve("t10k-labels-idx1-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte"));
        assertThat(locator(dir, List.of(), false, DownloadProgress.NONE).locateAny(Split.TEST).dataset().size())
                .isEqualTo(3);
    }

    @Test
    void explicitDirectoryIsIdentifiedByChecksumOrName() throws IOException {
        Path fashion = TestData.requireFashionMnist();
        Path neutral = Files.createDirectories(tmp.resolve("data"));
        for (RemoteFile f : KnownDatasets.FASHION_MNIST.files(Split.TEST)) {
            Files.createSymbolicLink(neutral.resolve(f.fileName()), fashion.resolve(f.fileName()));
        }
        Located byDigest = locator(neutral, List.of(), false, DownloadProgress.NONE).locateAny(Split.TEST);
        assertThat(byDigest.family()).contains(KnownDatasets.FASHION_MNIST);

        Path named = tmp.resolve("my-kmnist-copy");
        writeSplit(named, KnownDatasets.KMNIST, Split.TEST, 2, true);
        assertThat(locator(named, List.of(), false, DownloadProgress.NONE).locateAny(Split.TEST).family())
                .contains(KnownDatasets.KMNIST);
    }

    @Test
    void corruptCachedFileIsReportedNotSkipped() throws IOException {
        writeSplit(cache.resolve("mnist"), KnownDatasets.MNIST, Split.TEST, 3, true);
        Files.write(cache.resolve("mnist/t10k-labels-idx1-ubyte.gz"), new byte[] {0, 0, 8, 3});
        assertThatThrownBy(() -> offline().locate("mnist", Split.TEST))
                .hasMessageStartingWith("t10k-labels-idx1-ubyte.gz: not an IDX label file");
    }

    // ------------------------------------------------------------ downloading from a loopback server

    @Test
    void downloadsVerifiesAndCaches() throws IOException {
        DatasetFamily toy = servedFamily(true);
        List<long[]> progress = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        DownloadProgress listener = new DownloadProgress() {
            @Override
            public void advanced(String file, long done, long total) {
                progress.add(new long[] {done, total});
            }

            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        };
        DatasetLocator locator = locator(null, List.of(), true, listener);
        Located found = locator.locate(toy, Split.TEST);
        assertThat(found.source()).isEqualTo(Source.DOWNLOAD);
        assertThat(found.location()).isEqualTo(cache.resolve("toy"));
        assertThat(found.dataset().size()).isEqualTo(300);
        assertThat(found.dataset().images().get(299, 0, 0, 0)).isEqualTo(299 % 256 / 255f);
        assertThat(filesUnder(cache)).containsExactlyInAnyOrder(
                cache.resolve("toy/toy-test-images.gz"), cache.resolve("toy/toy-test-labels.gz"));
        assertThat(progress).isNotEmpty();
        long[] last = progress.get(progress.size() - 1);
        assertThat(last[0]).isEqualTo(last[1]).isEqualTo(served.get("toy-test-labels.gz").length);
        assertThat(warnings).isEmpty();
        assertThat(requests).hasValue(2);

        Located again = locator.locate(toy, Split.TEST);
        assertThat(again.source()).isEqualTo(Source.CACHE);
        assertThat(requests).hasValue(2);
    }

    @Test
    void checksumMismatchKeepsNothing() throws IOException {
        DatasetFamily toy = servedFamily(false);
        assertThatThrownBy(() -> locator(null, List.of(), true, DownloadProgress.NONE).locate(toy, Split.TEST))
                .isInstanceOf(LoupeException.class)
                .hasMessageContaining("toy-test-images.gz: checksum mismatch: got SHA-256 ")
                .hasMessageContaining("expected " + "ab".repeat(32) + "; the download was discarded")
                .hasMessageContaining("apt-get install dataset-fashion-mnist");
        assertThat(filesUnder(cache)).isEmpty();
    }

    @Test
    void missingFileOnTheServerIsA404Error() throws IOException {
        DatasetFamily toy = servedFamily(true);
        served.clear();
        assertThatThrownBy(() -> locator(null, List.of(), true, DownloadProgress.NONE).locate(toy, Split.TEST))
                .isInstanceOf(LoupeException.class)
                .hasMessageContaining("toy-test-images.gz: download failed: HTTP 404 from " + baseUrl())
                .hasMessageContaining("pass --data DIR");
        assertThat(filesUnder(cache)).isEmpty();
    }

    @Test
    void unknownChecksumIsAWarningAndSizeIsChecked() throws IOException {
        DatasetFamily toy = servedFamily(true);
        RemoteFile images = toy.testImages();
        DatasetFamily sizeOnly = new DatasetFamily("toy", "Toy", toy.classNames(), false, baseUrl(),
                toy.trainImages(), toy.trainLabels(), new RemoteFile(images.fileName(), images.bytes(), List.of()),
                RemoteFile.unverified(toy.testLabels().fileName()));
        List<String> warnings = new ArrayList<>();
        DownloadProgress listener = new DownloadProgress() {
            @Override
            public void advanced(String file, long done, long total) {
            }

            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        };
        assertThat(locator(null, List.of(), true, listener).locate(sizeOnly, Split.TEST).source())
                .isEqualTo(Source.DOWNLOAD);
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).startsWith("toy-test-images.gz: no known SHA-256").contains("checked its size only");
        assertThat(warnings.get(1)).contains("it is unverified");

        DatasetFamily wrongSize = new DatasetFamily("toy2", "Toy", toy.classNames(), false, baseUrl(),
                toy.trainImages(), toy.trainLabels(), new RemoteFile(images.fileName(), images.bytes() + 1, List.of()),
                toy.testLabels());
        assertThatThrownBy(() -> locator(null, List.of(), true, DownloadProgress.NONE).locate(wrongSize, Split.TEST))
                .hasMessageContaining("size mismatch");
        assertThat(filesUnder(cache.resolve("toy2"))).isEmpty();
    }

    @Test
    void nothingFoundSaysHowToGetADataset() {
        assertThatThrownBy(() -> offline().locateAny(Split.TEST)).isInstanceOf(LoupeException.class)
                .hasMessage("no dataset found for mnist/test and downloads are off (offline): pass --data DIR (IDX "
                        + "files or one folder of images per class), or `apt-get install dataset-fashion-mnist`, or go "
                        + "online to download MNIST");
        DatasetLocator unreachable = new DatasetLocator(new Config(null, cache, List.of(), baseUrl(), true,
                ImageFolder.Options.MNIST_LIKE, DownloadProgress.NONE));
        assertThatThrownBy(() -> unreachable.locateAny(Split.TRAIN))
                .hasMessageStartingWith("no dataset found for mnist/train and the download failed "
                        + "(train-images-idx3-ubyte.gz: download failed: HTTP 404")
                .hasMessageEndingWith("or go online to download MNIST");
    }

    @Test
    void anyDatasetDownloadsRealMnistFromAnOverriddenBaseUrl() throws IOException {
        Path mnist = TestData.requireMnist();
        for (RemoteFile f : KnownDatasets.MNIST.files(Split.TEST)) {
            served.put(f.fileName(), Files.readAllBytes(mnist.resolve(f.fileName())));
        }
        DatasetLocator locator = new DatasetLocator(new Config(null, cache, List.of(), baseUrl(), true,
                ImageFolder.Options.MNIST_LIKE, DownloadProgress.NONE));
        Located found = locator.locateAny(Split.TEST);
        assertThat(found.source()).isEqualTo(Source.DOWNLOAD);
        assertThat(found.family()).contains(KnownDatasets.MNIST);
        assertThat(found.dataset().size()).isEqualTo(10_000);
        assertThat(Downloader.sha256Hex(cache.resolve("mnist/t10k-images-idx3-ubyte.gz")))
                .isEqualTo(Downloader.sha256Hex(mnist.resolve("t10k-images-idx3-ubyte.gz")));
    }

    @Test
    void environmentConfigurationHonoursProperties() {
        String oldHome = System.getProperty("loupe.home");
        String oldUrl = System.getProperty("loupe.download.url");
        try {
            System.setProperty("loupe.home", tmp.toString());
            System.setProperty("loupe.download.url", "http://127.0.0.1:9/mirror/");
            Config c = Config.fromEnvironment(null);
            assertThat(c.cacheRoot()).isEqualTo(tmp.resolve("datasets"));
            assertThat(c.downloadBaseUrl()).isEqualTo("http://127.0.0.1:9/mirror/");
            assertThat(c.systemCopies()).extracting(SystemCopy::directory)
                    .containsExactly(DatasetLocator.DEBIAN_FASHION_MNIST);
        } finally {
            restore("loupe.home", oldHome);
            restore("loupe.download.url", oldUrl);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        assertThatThrownBy(() -> offline().locate("cifar", Split.TEST))
                .hasMessageStartingWith("unknown dataset 'cifar': use one of mnist, fashion-mnist, kmnist, emnist-");
    }

    @Test
    void randomBytesAreNotAnImageFolder() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("junk"));
        byte[] junk = new byte[64];
        new Random(1).nextBytes(junk);
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), junk);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), junk);
        assertThatThrownBy(() -> locator(dir, List.of(), false, DownloadProgress.NONE).locate("mnist", Split.TEST))
                .isInstanceOf(LoupeException.class).hasMessageStartingWith("t10k-labels-idx1-ubyte.gz: ");
    }
}
