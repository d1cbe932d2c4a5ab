package dev.loupe.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.embedding.Tsne;
import dev.loupe.embedding.TsneConfig;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.Locale;

/**
 * The t-SNE map of the dataset (van der Maaten &amp; Hinton, 2008), computed once in a background thread at startup
 * from the penultimate-layer features of the first {@code size} dataset images. Until it is ready, {@link #state()}
 * reports the phase and progress; the page polls it.
 */
public final class TsneMap {
    private static final int BATCH = 250;

    private final Workspace workspace;
    private final int size;
    private final long seed;
    private volatile String state;
    private volatile String phase = "waiting";
    private volatile int done;
    private volatile int total = 1;
    private volatile String error;
    private volatile float[] points;
    private Thread thread;

    /**
     * A map of the first {@code size} images ({@code 0} turns the map off).
     *
     * @param seed the t-SNE seed
     */
    public TsneMap(Workspace workspace, int size, long seed) {
        if (size < 0) {
            throw new IllegalArgumentException("size must be non-negative, got " + size);
        }
        this.workspace = workspace;
        this.size = Math.min(size, workspace.dataset().size());
        this.seed = seed;
        this.state = this.size == 0 ? "off" : "waiting";
    }

    /** Starts the background computation on one thread (leaving the other cores to interactive requests). */
    public synchronized void start() {
        if (thread != null || size == 0) {
            return;
        }
        thread = new Thread(this::compute, "loupe-tsne");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** Stops waiting for the computation (the thread is a daemon and ends with the JVM). */
    public synchronized void stop() {
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void compute() {
        try {
            state = "running";
            phase = "features";
            String layer = workspace.penultimateLayer();
            int dims = 1;
            for (int d : workspace.model().shapeOf(layer)) {
                dims *= d;
            }
            float[] features = new float[size * dims];
            for (int from = 0; from < size; from += BATCH) {
                int to = Math.min(size, from + BATCH);
                Tensor batch = workspace.dataset().images().slice(from, to);
                Tensor act = workspace.model().forward(workspace.modelInput(batch)).activation(layer);
                System.arraycopy(act.data(), 0, features, from * dims, (to - from) * dims);
                done = to;
                total = size;
            }
            int iterations = 750;
            Tsne tsne = new Tsne(TsneConfig.defaults(seed).withIterations(iterations), Parallel.of(1));
            Tsne.Result r = tsne.fit(Tensor.wrap(features, size, dims), (p, d, t, kl) -> {
                phase = p;
                done = d;
                total = t;
            });
            points = normalise(r.embedding().data());
            state = "ready";
        } catch (RuntimeException | Error e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            state = "failed";
        }
    }

    /** Coordinates scaled into [0, 1] on both axes with a common scale, so distances keep their ratio. */
    static float[] normalise(float[] xy) {
        float minX = Float.MAX_VALUE, minY = Float.MAX_VALUE, maxX = -Float.MAX_VALUE, maxY = -Float.MAX_VALUE;
        for (int i = 0; i < xy.length; i += 2) {
            minX = Math.min(minX, xy[i]);
            maxX = Math.max(maxX, xy[i]);
            minY = Math.min(minY, xy[i + 1]);
            maxY = Math.max(maxY, xy[i + 1]);
        }
        float span = Math.max(Math.max(maxX - minX, maxY - minY), 1e-12f);
        float offX = (span - (maxX - minX)) / 2, offY = (span - (maxY - minY)) / 2;
        float[] out = new float[xy.length];
        for (int i = 0; i < xy.length; i += 2) {
            out[i] = (xy[i] - minX + offX) / span;
            out[i + 1] = (xy[i + 1] - minY + offY) / span;
        }
        return out;
    }

    /** {@code off}, {@code waiting}, {@code running}, {@code ready} or {@code failed}. */
    public String stateName() {
        return state;
    }

    /**
     * The state for the API: {@code {state, phase, progress, size, layer}} and, once ready, {@code points}: one
     * {@code [x, y, index, label]} per image with x and y in [0, 1].
     */
    public ObjectNode state() {
        ObjectNode out = Json.object();
        String s = state;
        out.put("state", s).put("size", size).put("layer", workspace.penultimateLayer());
        if (s.equals("running")) {
            out.put("phase", phase).put("progress", String.format(Locale.ROOT, "%d/%d", done, total))
                    .put("fraction", total == 0 ? 0 : (double) done / total);
        } else if (s.equals("failed")) {
            out.put("error", "t-SNE failed: " + error);
        } else if (s.equals("ready")) {
            float[] p = points;
            ArrayNode list = out.putArray("points");
            for (int i = 0; i < size; i++) {
                list.addArray().add(Math.round(p[2 * i] * 1e4) / 1e4).add(Math.round(p[2 * i + 1] * 1e4) / 1e4)
                        .add(i).add(workspace.dataset().label(i));
            }
        }
        return out;
    }
}
