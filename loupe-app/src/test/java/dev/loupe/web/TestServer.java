package dev.loupe.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.data.Dataset;
import dev.loupe.data.DatasetLocator;
import dev.loupe.data.Split;
import dev.loupe.explain.MethodRegistry;
import dev.loupe.nn.Architectures;
import dev.loupe.tensor.Tensor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * A running explorer for the tests: a seeded mnistnet over the first images of the real MNIST test set (or, when
 * that is absent, a small synthetic set of bright squares), on 127.0.0.1 with an ephemeral port, plus an HTTP client.
 */
final class TestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Workspace workspace;
    final WebServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A server with the given t-SNE size (0 for none) and unit-scan size. */
    TestServer(int tsneSize, int scanSize) {
        this(ServerOptions.local(0).withTsneSize(tsneSize).withScanSize(scanSize));
    }

    /** A server with the given options (use port 0). */
    TestServer(ServerOptions options) {
        workspace = new Workspace(Architectures.create("mnistnet", 7), dataset(), null, "mnistnet (seed 7, untrained)");
        server = new WebServer(workspace, MethodRegistry.defaults(), options).start();
    }

    /** The first 1,000 real MNIST test digits, or 300 synthetic images when the set is not on this machine. */
    static Dataset dataset() {
        for (String root : new String[] {System.getProperty("loupe.shared"), System.getenv("LOUPE_SHARED"),
                "/work/shared"}) {
            if (root != null && Files.isRegularFile(Path.of(root, "data", "mnist", "t10k-images-idx3-ubyte.gz"))) {
                DatasetLocator.Config config = DatasetLocator.Config.fromEnvironment(Path.of(root, "data", "mnist"));
                return new DatasetLocator(config).locate("mnist", Split.TEST).dataset().subset(0, 1000);
            }
        }
        Random random = new Random(3);
        int n = 300;
        float[] px = new float[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            int y0 = random.nextInt(18), x0 = random.nextInt(18), size = 4 + labels[i];
            for (int y = y0; y < Math.min(28, y0 + size); y++) {
                for (int x = x0; x < Math.min(28, x0 + size); x++) {
                    px[i * 784 + y * 28 + x] = 1f;
                }
            }
        }
        return new Dataset(Tensor.wrap(px, n, 1, 28, 28), labels,
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), "squares");
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    @Override
    public void close() {
        server.close();
    }
}
