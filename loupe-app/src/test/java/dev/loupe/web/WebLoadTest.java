package dev.loupe.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A burst of explain requests from several clients: every one must succeed (the limiter queues them rather than
 * failing), and the server must still answer afterwards. The p95 latency is printed, not asserted (timings on a
 * shared machine are noisy; speed is measured in benchmarks).
 */
class WebLoadTest {
    private static final int CLIENTS = 8;
    private static final int REQUESTS = 200;
    /** Saliency (plain gradient) when its family is on the class path, else the tests' own gradient. */
    private static final String METHOD = dev.loupe.explain.MethodRegistry.defaults().all().stream()
            .anyMatch(m -> m.name().equals("saliency")) ? "saliency" : TestMethods.GRADIENT;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void twoHundredExplainsFromEightClientsAllSucceed() throws Exception {
        try (TestServer t = new TestServer(0, 100)) {
            t.get("/api/explain?image=0&method=" + METHOD); // warm-up
            AtomicInteger next = new AtomicInteger();
            List<Double> millis = Collections.synchronizedList(new ArrayList<>());
            List<Double> serverMillis = Collections.synchronizedList(new ArrayList<>());
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                done.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < REQUESTS;) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = t.get("/api/explain?image=" + (i % 100)
                                    + "&method=" + METHOD + "&target=" + (i % 10));
                            millis.add((System.nanoTime() - t0) / 1e6);
                            if (r.statusCode() != 200) {
                                failures.add(r.statusCode() + " " + r.body());
                            }
                            String timing = r.headers().firstValue("Server-Timing").orElse("");
                            java.util.regex.Matcher m = java.util.regex.Pattern.compile("explain;dur=([\\d.]+)")
                                    .matcher(timing);
                            if (m.find()) {
                                serverMillis.add(Double.parseDouble(m.group(1)));
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(170, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(failures).isEmpty();
            assertThat(millis).hasSize(REQUESTS);
            System.out.printf("web load: %d explains (mnistnet, %s) from %d clients: client p50 %.1f ms, "
                    + "p95 %.1f ms; server explain p50 %.1f ms, p95 %.1f ms%n", REQUESTS, METHOD, CLIENTS,
                    percentile(millis, 50), percentile(millis, 95), percentile(serverMillis, 50),
                    percentile(serverMillis, 95));
            List<Double> alone = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                HttpResponse<String> r = t.get("/api/explain?image=" + i + "&method=" + METHOD);
                assertThat(r.statusCode()).isEqualTo(200);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("total;dur=([\\d.]+)")
                        .matcher(r.headers().firstValue("Server-Timing").orElse(""));
                assertThat(m.find()).isTrue();
                alone.add(Double.parseDouble(m.group(1)));
            }
            System.out.printf("web load: one client at a time (%s), server total p50 %.1f ms, p95 %.1f ms%n",
                    METHOD, percentile(alone, 50), percentile(alone, 95));
            HttpResponse<String> health = t.client.send(java.net.http.HttpRequest.newBuilder(t.uri("/api/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(TestServer.json(health).get("inFlight").asInt()).isZero();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aFullQueueAnswers503AndTheServerRecovers() throws Exception {
        ServerOptions one = new ServerOptions("127.0.0.1", 0, 1, 1, 60_000, 10, 0, 1, ServerOptions.DECONVNET);
        TestMethods.gate = new java.util.concurrent.CountDownLatch(1);
        TestMethods.ENTERED.set(0);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestServer t = new TestServer(one)) {
            // the first request holds the only worker, the second waits in the one-place queue
            Future<HttpResponse<String>> running = pool.submit(() -> t.get("/api/explain?image=0&method=test.gated"));
            while (TestMethods.ENTERED.get() < 1) {
                Thread.sleep(10);
            }
            Future<HttpResponse<String>> queued = pool.submit(() -> t.get("/api/explain?image=1&method=test.gated"));
            while (TestServer.json(t.get("/api/health")).get("inFlight").asInt() < 2) {
                Thread.sleep(10);
            }
            HttpResponse<String> refused = t.get("/api/explain?image=2&method=test.gradient");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(TestServer.json(refused).get("error").asText()).contains("busy");
            TestMethods.gate.countDown();
            assertThat(running.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(queued.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(t.get("/api/explain?image=2&method=test.gradient").statusCode()).isEqualTo(200);
        } finally {
            TestMethods.gate.countDown();
            pool.shutdownNow();
        }
    }

    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
