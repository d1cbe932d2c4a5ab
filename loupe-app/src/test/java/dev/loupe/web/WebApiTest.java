package dev.loupe.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.explain.Propagation;
import dev.loupe.explain.Target;
import dev.loupe.nn.RuleMap;
import dev.loupe.render.ImageConversion;
import dev.loupe.render.Png;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The explorer's JSON API over real HTTP on 127.0.0.1, checked against the model computed directly. */
class WebApiTest {
    private static TestServer t;

    @BeforeAll
    static void start() {
        t = new TestServer(200, 300);
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static BufferedImage decodeDataUri(String uri) throws IOException {
        assertThat(uri).startsWith("data:image/png;base64,");
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1))));
    }

    private static void assertJsonError(HttpResponse<String> r, int status, String fragment) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(TestServer.json(r).get("error").asText()).contains(fragment);
        assertThat(r.body()).doesNotContain("\n");
    }

    @Test
    void infoListsModelLayersClassesAndRegistryMethodsWithParameters() throws Exception {
        JsonNode info = TestServer.json(t.get("/api/info"));
        assertThat(info.at("/model/architecture").asText()).isEqualTo("mnistnet");
        assertThat(info.at("/model/layers")).hasSize(t.workspace.model().nodes().size());
        assertThat(info.at("/model/spatialLayers").toString()).contains("conv1", "conv2", "pool1");
        assertThat(info.at("/model/classes")).hasSize(10);
        JsonNode gradient = null;
        for (JsonNode m : info.get("methods")) {
            if (m.get("name").asText().equals(TestMethods.GRADIENT)) {
                gradient = m;
            }
        }
        assertThat(gradient).isNotNull();
        assertThat(gradient.get("parameters").findValuesAsText("type")).containsExactly("CHOICE", "BOOLEAN", "DOUBLE",
                "LAYER");
    }

    @Test
    void predictGivesTheSoftmaxOfTheModelsLogits() throws Exception {
        HttpResponse<String> r = t.get("/api/predict?image=5");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Server-Timing").orElse("")).contains("predict;dur=", "total;dur=");
        JsonNode body = TestServer.json(r);
        float[] logits = t.workspace.model().predict(t.workspace.dataset().image(5)).data();
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        int best = 0;
        for (int k = 0; k < 10; k++) {
            JsonNode c = body.get("classes").get(k);
            assertThat(c.get("probability").asDouble()).isCloseTo(Math.exp(logits[k] - max) / sum, within(1e-9));
            assertThat(c.get("name").asText()).isEqualTo(t.workspace.classNames().get(k));
            best = logits[k] > logits[best] ? k : best;
        }
        assertThat(body.get("predicted").asInt()).isEqualTo(best);
    }

    @Test
    void explainRendersTheGradientComputedDirectly() throws Exception {
        HttpResponse<String> r = t.get("/api/explain?image=3&method=test.gradient&target=4&style=signed");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Server-Timing").orElse("")).contains("explain;dur=", "render;dur=");
        JsonNode body = TestServer.json(r);
        Tensor input = t.workspace.dataset().image(3);
        Tensor g = Propagation.run(t.workspace.model(), input, new Target.ClassIndex(4), RuleMap.GRADIENT, false,
                Parallel.defaults()).atInput();
        double m = g.absMax();
        assertThat(body.get("range").get(1).asDouble()).isCloseTo(m, within(1e-6 * m));
        assertThat(body.get("score").asDouble()).isCloseTo(t.workspace.model().predict(input).data()[4],
                within(1e-5));
        BufferedImage heat = decodeDataUri(body.get("heatmap").asText());
        assertThat(heat.getWidth()).isEqualTo(28);
        // bwr on [-m, m]: the pixel with the largest positive gradient is the reddest, the most negative the bluest.
        float[] v = g.data();
        int hi = 0, lo = 0;
        for (int i = 1; i < v.length; i++) {
            hi = v[i] > v[hi] ? i : hi;
            lo = v[i] < v[lo] ? i : lo;
        }
        int red = heat.getRGB(hi % 28, hi / 28), blue = heat.getRGB(lo % 28, lo / 28);
        if (v[hi] > 0.99 * m) {
            assertThat((red >> 16) & 0xff).isGreaterThan(200);
            assertThat(red & 0xff).isLessThan(60);
        }
        if (-v[lo] > 0.99 * m) {
            assertThat(blue & 0xff).isGreaterThan(200);
            assertThat((blue >> 16) & 0xff).isLessThan(60);
        }
        assertThat(decodeDataUri(body.get("overlay").asText()).getWidth()).isEqualTo(28);
        assertThat(decodeDataUri(body.get("colorbar").asText()).getWidth()).isEqualTo(ExplainView.COLOR_BAR_WIDTH);
    }

    @Test
    void explainPassesParametersAndALayerToTheMethod() throws Exception {
        JsonNode body = TestServer.json(t.get("/api/explain?image=1&method=test.gradient&p.layer=conv2"
                + "&p.absolute=true&p.multiply=signal"));
        assertThat(body.get("mapShape").toString()).isEqualTo("[1,64,24,24]");
        assertThat(body.get("style").asText()).isEqualTo("magnitude");
        assertThat(body.at("/parameters/layer").asText()).isEqualTo("conv2");
        assertThat(decodeDataUri(body.get("heatmap").asText()).getWidth()).isEqualTo(24);
    }

    @Test
    void unknownMethodOrParameterIs400WithTheRegistryMessage() throws Exception {
        assertJsonError(t.get("/api/explain?image=1&method=no-such-method"), 400, "unknown method 'no-such-method'");
        assertJsonError(t.get("/api/explain?image=1&method=test.gradient&p.epsilon=1"), 400,
                "has no parameter 'epsilon'");
        assertJsonError(t.get("/api/explain?image=1&method=test.gradient&p.scale=abc"), 400, "must be double");
        assertJsonError(t.get("/api/explain?image=1&method=test.gradient&target=99"), 400, "out of range");
        assertJsonError(t.get("/api/explain?image=99999&method=test.gradient"), 404, "out of range");
        assertJsonError(t.get("/api/explain?image=x1&method=test.gradient"), 400, "neither a dataset index");
        assertJsonError(t.get("/api/nothing-here"), 404, "no such endpoint");
    }

    @Test
    void pathsAndOversizedParametersAreRefused() throws Exception {
        for (String bad : new String[] {"../../etc/passwd", "/etc/passwd", "C:\\Windows\\win.ini", "~/.ssh/id_rsa"}) {
            assertJsonError(t.get("/api/predict?image=" + URLEncoder.encode(bad, StandardCharsets.UTF_8)), 400,
                    "looks like a file path");
        }
        assertJsonError(t.get("/api/explain?image=1&method=test.gradient&p.layer=..%2Fconv1"), 400, "file path");
        assertJsonError(t.get("/api/explain?image=1&method=" + "a".repeat(500)), 400, "too long");
        HttpResponse<String> traversal = t.get("/api/picture/..%2F..%2Fetc%2Fpasswd");
        assertThat(traversal.statusCode()).isEqualTo(400);
        assertThat(traversal.body()).doesNotContain("root:");
        assertThat(t.get("/api/health").statusCode()).isEqualTo(200);
    }

    @Test
    void uploadsAreConvertedToTheModelInputAndNonImagesOrHugeOnesRefused() throws Exception {
        BufferedImage photo = new BufferedImage(100, 60, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = photo.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 100, 60);
        g.setColor(java.awt.Color.BLACK);
        g.fillRect(40, 10, 20, 40);
        g.dispose();
        HttpResponse<String> r = t.post("/api/upload", Png.encode(photo, Map.of()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode up = TestServer.json(r);
        assertThat(up.get("notice").asText()).contains("100x60", "28x28", "inverted");
        String id = up.get("image").asText();
        // the converted picture: the dark bar became a bright one on black
        HttpResponse<byte[]> png = t.client.send(java.net.http.HttpRequest.newBuilder(t.uri("/api/picture/" + id))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        Tensor pic = ImageConversion.toTensor(ImageIO.read(new ByteArrayInputStream(png.body())), 1);
        assertThat(pic.get(0, 14, 14)).isGreaterThan(0.9f);
        assertThat(pic.get(0, 14, 2)).isLessThan(0.1f);
        JsonNode p = TestServer.json(t.get("/api/predict?image=" + id));
        float[] logits = t.workspace.model().predict(pic.reshape(1, 1, 28, 28)).data();
        assertThat(p.get("classes").get(0).get("logit").asDouble()).isCloseTo(logits[0], within(1e-4));

        assertJsonError(t.post("/api/upload", "hello, I am not a picture".getBytes(StandardCharsets.UTF_8)), 400,
                "not a readable PNG or JPEG");
        assertJsonError(t.post("/api/upload", new byte[0]), 400, "empty");
        assertJsonError(t.post("/api/upload", new byte[(int) Uploads.MAX_BYTES + 1024]), 413, "limit is 10 MB");
        assertJsonError(t.get("/api/predict?image=u999"), 404, "upload it again");
        assertThat(t.get("/api/health").statusCode()).isEqualTo(200);
    }

    @Test
    void layerActivationsShowEveryChannelOnASharedScale() throws Exception {
        HttpResponse<String> r = t.get("/api/layer?image=2&layer=conv2");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = TestServer.json(r);
        assertThat(body.get("units")).hasSize(64);
        Tensor act = t.workspace.model().forward(t.workspace.dataset().image(2)).activation("conv2");
        double low = Math.min(0, act.min()), high = act.max();
        JsonNode u7 = body.get("units").get(7);
        BufferedImage map = decodeDataUri(u7.get("map").asText());
        assertThat(map.getWidth()).isEqualTo(24);
        float expected = act.get(0, 7, 5, 9);
        int grey = map.getRGB(9, 5) & 0xff;
        assertThat(grey / 255.0).isCloseTo((expected - low) / (high - low), within(1.5 / 255));
        assertJsonError(t.get("/api/layer?image=2&layer=fc1"), 400, "no activation maps");
        assertJsonError(t.get("/api/layer?image=2&layer=nope"), 400, "no activation maps");
    }

    @Test
    void unitTopNineAreTheStrongestImagesOfABruteForceScan() throws Exception {
        JsonNode body = TestServer.json(t.get("/api/unit?layer=conv1&unit=3"));
        assertThat(body.get("scanned").asInt()).isEqualTo(300);
        // brute force: every scanned image's largest conv1[3] activation
        double[] best = new double[300];
        Tensor a = t.workspace.model().forward(t.workspace.dataset().images().slice(0, 300)).activation("conv1");
        for (int i = 0; i < 300; i++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int y = 0; y < 26; y++) {
                for (int x = 0; x < 26; x++) {
                    m = Math.max(m, a.get(i, 3, y, x));
                }
            }
            best[i] = m;
        }
        double[] sorted = best.clone();
        java.util.Arrays.sort(sorted);
        JsonNode top = body.get("top");
        assertThat(top).hasSize(9);
        for (int k = 0; k < 9; k++) {
            int index = top.get(k).get("index").asInt();
            assertThat(top.get(k).get("activation").asDouble()).isCloseTo(best[index], within(1e-5))
                    .isCloseTo(sorted[299 - k], within(1e-5));
        }
        assertJsonError(t.get("/api/unit?layer=conv1&unit=32"), 400, "out of range");
    }

    @Test
    void unitTopImagesCarryTheProjectionOfTheirStrongestActivation() throws Exception {
        UnitScan scan = new UnitScan(t.workspace, 50, dev.loupe.explain.MethodRegistry.defaults()
                .get(TestMethods.GRADIENT));
        JsonNode top = Json.MAPPER.readTree(scan.top("conv1", 2).toString());
        assertThat(top.get("projection").asText()).isEqualTo(TestMethods.GRADIENT);
        JsonNode first = top.get("top").get(0);
        int y = first.get("y").asInt(), x = first.get("x").asInt();
        BufferedImage p = decodeDataUri(first.get("projection").asText());
        assertThat(p.getWidth()).isEqualTo(28);
        // the gradient of one conv1 activation (3x3 kernel) lives in its 3x3 receptive field; zero is mid grey
        int inside = 0;
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                int grey = p.getRGB(c, r) & 0xff;
                boolean field = r >= y && r < y + 3 && c >= x && c < x + 3;
                if (!field) {
                    assertThat(grey).as("row %d column %d", r, c).isBetween(127, 128);
                } else if (grey < 127 || grey > 128) {
                    inside++;
                }
            }
        }
        assertThat(inside).isGreaterThan(0);
        // the patch is the square of the image around that field, and the cropped projection matches the full one
        int top0 = first.get("patchBox").get(0).asInt(), left0 = first.get("patchBox").get(1).asInt();
        int side = first.get("patchBox").get(2).asInt();
        assertThat(side).isGreaterThanOrEqualTo(UnitScan.MIN_PATCH);
        assertThat(top0).isBetween(Math.max(0, y + 3 - side), y);
        assertThat(left0).isBetween(Math.max(0, x + 3 - side), x);
        BufferedImage patch = decodeDataUri(first.get("patch").asText());
        BufferedImage cropped = decodeDataUri(first.get("patchProjection").asText());
        Tensor picture = t.workspace.dataset().image(first.get("index").asInt());
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                assertThat(patch.getRGB(c, r) & 0xff).isEqualTo(Math.round(picture.get(0, 0, top0 + r, left0 + c) * 255));
                assertThat(cropped.getRGB(c, r)).isEqualTo(p.getRGB(left0 + c, top0 + r));
            }
        }
    }

    @Test
    void tsneMapBecomesReadyInTheBackground() throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        JsonNode s = TestServer.json(t.get("/api/tsne"));
        while (!s.get("state").asText().equals("ready") && System.currentTimeMillis() < deadline) {
            assertThat(s.get("state").asText()).isIn("waiting", "running");
            Thread.sleep(250);
            s = TestServer.json(t.get("/api/tsne"));
        }
        assertThat(s.get("state").asText()).isEqualTo("ready");
        assertThat(s.get("layer").asText()).isEqualTo("relu3");
        assertThat(s.get("points")).hasSize(200);
        for (JsonNode p : s.get("points")) {
            assertThat(p.get(0).asDouble()).isBetween(0.0, 1.0);
            assertThat(p.get(3).asInt()).isEqualTo(t.workspace.dataset().label(p.get(2).asInt()));
        }
    }

    @Test
    void theLimiterAnswers503WhenItsQueueIsFull() throws Exception {
        ComputeLimiter limiter = new ComputeLimiter(1, 0, 10_000);
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread busy = new Thread(() -> limiter.run(() -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }));
        busy.start();
        inside.await();
        try {
            limiter.run(() -> 1);
            throw new AssertionError("expected a 503");
        } catch (WebException e) {
            assertThat(e.status()).isEqualTo(503);
        }
        release.countDown();
        busy.join();
        assertThat(limiter.run(() -> 2)).isEqualTo(2);
        assertThat(limiter.inFlight()).isZero();
    }
}
