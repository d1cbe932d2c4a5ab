package dev.loupe.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.LoupeException;
import dev.loupe.data.Dataset;
import dev.loupe.explain.MethodRegistry;
import dev.loupe.explain.MethodSpec;
import dev.loupe.explain.ParameterSpec;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.render.ImageConversion;
import dev.loupe.render.Png;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web explorer of {@code loupe serve}: a Javalin server with a JSON API and one static page
 * ({@code /web/index.html}, {@code app.js}, {@code app.css}).
 *
 * <p>API (all answers JSON unless noted; every error is {@code {"error": "..."}} with a 4xx/5xx status):
 * <ul>
 *   <li>{@code GET /api/info}: model (layers, shapes, classes), dataset, registered methods with parameters</li>
 *   <li>{@code GET /api/images?label=&offset=&limit=}: dataset indices, optionally of one class</li>
 *   <li>{@code GET /api/picture/{ref}}: the picture as PNG ({@code ref} = dataset index or upload id)</li>
 *   <li>{@code POST /api/upload}: a PNG or JPEG as the raw body (at most 10 MB); answers its id and a notice</li>
 *   <li>{@code GET /api/predict?image=}: softmax probabilities with class names</li>
 *   <li>{@code GET /api/explain?image=&method=&target=&style=&p.NAME=VALUE}: heatmap, overlay, colour bar</li>
 *   <li>{@code GET /api/layer?image=&layer=}: activation maps of every channel of a layer</li>
 *   <li>{@code GET /api/unit?layer=&unit=}: a unit's top images over the scanned subset</li>
 *   <li>{@code GET /api/tsne}: state of the background t-SNE map, and its points once ready</li>
 *   <li>{@code GET /api/health}: {@code {"status": "ok"}}</li>
 * </ul>
 * Model work runs through a {@link ComputeLimiter}; each answer carries its server-side latency in a
 * {@code Server-Timing} header.
 */
public final class WebServer implements AutoCloseable {
    static {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    /** Prefix of method parameters in the explain query: {@code p.epsilon=0.25}. */
    public static final String PARAM_PREFIX = "p.";
    private static final int MAX_PAGE = 200;

    private final Workspace workspace;
    private final MethodRegistry registry;
    private final ServerOptions options;
    private final Uploads uploads = new Uploads();
    private final Pictures pictures;
    private final ModelViews views;
    private final ExplainView explain;
    private final UnitScan units;
    private final TsneMap tsne;
    private final ComputeLimiter limiter;
    private final boolean darkDataset;
    private final Javalin app;

    /** A server over {@code workspace} with the methods of {@code registry}; call {@link #start()} to listen. */
    public WebServer(Workspace workspace, MethodRegistry registry, ServerOptions options) {
        this.workspace = workspace;
        this.registry = registry;
        this.options = options;
        this.pictures = new Pictures(workspace, uploads);
        this.views = new ModelViews(workspace);
        this.explain = new ExplainView(workspace, registry);
        this.units = new UnitScan(workspace, options.scanSize(), registry.all().stream()
                .filter(m -> m.name().equals(options.projectionMethod())).findFirst().orElse(null));
        this.tsne = new TsneMap(workspace, options.tsneSize(), options.seed());
        this.limiter = new ComputeLimiter(options.workers(), options.queue(), options.timeoutMillis());
        this.darkDataset = workspace.dataset().images().sum() / workspace.dataset().images().size() < 0.5;
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.maxRequestSize = Uploads.MAX_BYTES;
            cfg.staticFiles.add(s -> {
                s.hostedPath = "/";
                s.directory = "/web";
                s.location = Location.CLASSPATH;
            });
        });
        routes();
    }

    /** Starts listening; returns this server. */
    public WebServer start() {
        try {
            app.start(options.host(), options.port());
        } catch (RuntimeException e) {
            throw new LoupeException("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + rootMessage(e));
        }
        tsne.start();
        return this;
    }

    /** The port the server listens on (the actual one when started with port 0). */
    public int port() {
        return app.port();
    }

    /** The page's address. */
    public String url() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return "http://" + host + ":" + port() + "/";
    }

    /** The background t-SNE map. */
    public TsneMap tsne() {
        return tsne;
    }

    @Override
    public void close() {
        tsne.stop();
        app.stop();
    }

    private void routes() {
        app.before("/api/*", ctx -> RequestGuard.check(ctx.path(), ctx.queryParamMap()));
        app.get("/api/health", ctx -> json(ctx, Json.object().put("status", "ok").put("inFlight", limiter.inFlight())));
        app.get("/api/info", ctx -> json(ctx, info()));
        app.get("/api/images", this::images);
        app.get("/api/picture/{ref}", this::picture);
        app.post("/api/upload", this::upload);
        app.get("/api/predict", ctx -> compute(ctx, t -> t.time("predict",
                () -> views.predict(pictures.get(ctx.queryParam("image")).pixels()))));
        app.get("/api/explain", ctx -> compute(ctx, t -> explain.explain(pictures.get(ctx.queryParam("image")).pixels(),
                required(ctx, "method"), methodParams(ctx), ctx.queryParam("target"), ctx.queryParam("style"), t)));
        app.get("/api/layer", ctx -> compute(ctx, t -> t.time("layer",
                () -> views.layer(pictures.get(ctx.queryParam("image")).pixels(), required(ctx, "layer")))));
        app.get("/api/unit", ctx -> compute(ctx, t -> t.time("unit",
                () -> units.top(required(ctx, "layer"), integer(ctx, "unit")))));
        app.get("/api/tsne", ctx -> json(ctx, tsne.state()));

        app.exception(WebException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(LoupeException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            System.err.println("loupe serve: internal error on " + ctx.path() + ": " + e);
            error(ctx, 500, "internal error: " + rootMessage(e));
        });
        app.error(404, ctx -> {
            if (ctx.path().startsWith("/api") && !isJson(ctx)) {
                error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
            }
        });
        app.error(413, ctx -> {
            if (!isJson(ctx)) {
                error(ctx, 413, "the request is too large; the limit is " + Uploads.MAX_BYTES / 1048576 + " MB");
            }
        });
    }

    /** A unit of model work: run under the limiter, timed, answered as JSON with a Server-Timing header. */
    private interface Work {
        ObjectNode run(Timing timing);
    }

    private void compute(Context ctx, Work work) {
        Timing timing = new Timing();
        ObjectNode out = timing.time("total", () -> limiter.run(() -> work.run(timing)));
        ctx.header("Server-Timing", timing.header());
        json(ctx, out);
    }

    private ObjectNode info() {
        Model model = workspace.model();
        Dataset data = workspace.dataset();
        ObjectNode out = Json.object();
        ObjectNode m = out.putObject("model");
        m.put("architecture", model.architecture()).put("label", workspace.modelLabel())
                .put("digest", model.digest()).put("parameters", model.parameterCount());
        m.set("inputShape", Json.MAPPER.valueToTree(model.inputShape()));
        ArrayNode layers = m.putArray("layers");
        for (Node n : model.nodes()) {
            layers.addObject().put("name", n.name()).put("layer", n.layer().describe())
                    .set("shape", Json.MAPPER.valueToTree(model.shapeOf(n.name())));
        }
        m.set("spatialLayers", Json.MAPPER.valueToTree(workspace.spatialLayers()));
        m.set("classes", Json.MAPPER.valueToTree(workspace.classNames()));
        ObjectNode d = out.putObject("dataset");
        d.put("name", data.name()).put("size", data.size()).put("scanned", units.scanSize());
        d.set("classes", Json.MAPPER.valueToTree(data.classNames()));
        d.set("counts", Json.MAPPER.valueToTree(data.classHistogram()));
        ArrayNode methods = out.putArray("methods");
        for (MethodSpec s : registry.all()) {
            ObjectNode o = methods.addObject().put("name", s.name()).put("family", s.family())
                    .put("description", s.description());
            ArrayNode ps = o.putArray("parameters");
            for (ParameterSpec p : s.parameters()) {
                ps.addObject().put("name", p.name()).put("type", p.type().name()).put("default", p.defaultValue())
                        .put("description", p.description()).set("choices", Json.MAPPER.valueToTree(p.choices()));
            }
        }
        ObjectNode limits = out.putObject("limits");
        limits.put("uploadBytes", Uploads.MAX_BYTES).put("workers", options.workers()).put("queue", options.queue());
        return out;
    }

    private void images(Context ctx) {
        Dataset data = workspace.dataset();
        String labelText = ctx.queryParam("label");
        int label = labelText == null || labelText.isEmpty() ? -1 : integer(ctx, "label");
        if (label >= data.classCount()) {
            throw WebException.badRequest("label " + label + " is out of range (0.." + (data.classCount() - 1) + ")");
        }
        int offset = ctx.queryParam("offset") == null ? 0 : integer(ctx, "offset");
        int limit = ctx.queryParam("limit") == null ? 60 : Math.min(MAX_PAGE, integer(ctx, "limit"));
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("items");
        int matched = 0;
        for (int i = 0; i < data.size(); i++) {
            if (label < 0 || data.label(i) == label) {
                if (matched >= offset && matched < offset + limit) {
                    items.addObject().put("index", i).put("label", data.label(i));
                }
                matched++;
            }
        }
        out.put("total", matched).put("offset", offset);
        json(ctx, out);
    }

    private void picture(Context ctx) {
        Pictures.Picture p = pictures.get(ctx.pathParam("ref"));
        byte[] png = Png.encode(ImageConversion.toImage(p.pixels()), Map.of());
        ctx.contentType("image/png").header("Cache-Control", "max-age=3600").result(png);
    }

    private void upload(Context ctx) throws IOException {
        byte[] bytes = Uploads.readLimited(ctx.req().getInputStream(), ctx.req().getContentLengthLong());
        int[] in = workspace.model().inputShape();
        Uploads.Upload u = limiter.run(() -> uploads.add(bytes, in[0], in[1], in[2], darkDataset));
        json(ctx, Json.object().put("image", u.id()).put("notice", u.notice()));
    }

    private static Map<String, String> methodParams(Context ctx) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
            if (e.getKey().startsWith(PARAM_PREFIX)) {
                params.put(e.getKey().substring(PARAM_PREFIX.length()), e.getValue().get(0));
            }
        }
        return params;
    }

    private static String required(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            throw WebException.badRequest("missing parameter '" + name + "'");
        }
        return v;
    }

    private static int integer(Context ctx, String name) {
        String v = required(ctx, name);
        try {
            int i = Integer.parseInt(v);
            if (i < 0) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw WebException.badRequest("parameter '" + name + "' must be a non-negative integer, got '" + v + "'");
        }
    }

    private static void json(Context ctx, ObjectNode node) {
        ctx.contentType("application/json").result(node.toString());
    }

    private static boolean isJson(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith("application/json");
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json").result(Json.error(message));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
