package dev.loupe.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.data.Dataset;
import dev.loupe.explain.Explainer;
import dev.loupe.explain.MethodSpec;
import dev.loupe.explain.Target;
import dev.loupe.nn.Trace;
import dev.loupe.render.ChannelReduction;
import dev.loupe.render.Colormap;
import dev.loupe.render.Heatmap;
import dev.loupe.render.HeatmapStyle;
import dev.loupe.render.Opacity;
import dev.loupe.render.Overlay;
import dev.loupe.render.Png;
import dev.loupe.render.ValueRange;
import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The strongest images of a unit, found by a plain scan: the first {@code scanSize} dataset images run through the
 * model once per layer (lazily, on the first question about that layer, then cached); a unit's response to an image
 * is its largest activation over all positions (Zeiler &amp; Fergus, 2014, rank images the same way). For each of a
 * unit's top images the answer carries the position of that maximum and the unit's activation map laid over the
 * image, which shows where in the image the unit fired. When a projection method is registered (DeconvNet, Zeiler
 * &amp; Fergus's way of mapping one activation back to pixel space), each top image also gets the projection of the
 * unit's strongest activation there, shown in grey around a mid-grey zero.
 */
public final class UnitScan {
    /** How many top images a unit shows. */
    public static final int TOP = 9;
    private static final int BATCH = 200;

    private final Workspace workspace;
    private final int scanSize;
    private final MethodSpec projection;
    private final ConcurrentHashMap<String, FutureTask<LayerScan>> scans = new ConcurrentHashMap<>();

    /**
     * A scan over the first {@code scanSize} images of the workspace's dataset (all of them if fewer).
     *
     * @param projection the method that projects one activation to pixel space (such as {@code deconvnet}), or
     *                   null for none
     */
    public UnitScan(Workspace workspace, int scanSize, MethodSpec projection) {
        if (scanSize < 1) {
            throw new IllegalArgumentException("scanSize must be at least 1, got " + scanSize);
        }
        this.workspace = workspace;
        this.projection = projection;
        this.scanSize = Math.min(scanSize, workspace.dataset().size());
    }

    /** One image's response: the unit's largest activation and where it is. */
    record Hit(int image, float value, int y, int x) {
    }

    /** Per unit, its top hits, strongest first. */
    record LayerScan(List<List<Hit>> top) {
    }

    /** Number of images scanned. */
    public int scanSize() {
        return scanSize;
    }

    /**
     * The top {@value #TOP} images of {@code unit} of {@code layer} with their activation overlays.
     *
     * @throws WebException 400 for a layer without activation maps or a unit out of range
     */
    public ObjectNode top(String layer, int unit) {
        if (!workspace.spatialLayers().contains(layer)) {
            throw WebException.badRequest("layer '" + layer + "' has no units to browse; choose one of "
                    + String.join(", ", workspace.spatialLayers()));
        }
        int units = workspace.model().shapeOf(layer)[0];
        if (unit < 0 || unit >= units) {
            throw WebException.badRequest("unit " + unit + " is out of range for layer " + layer + " (0.."
                    + (units - 1) + ")");
        }
        List<Hit> hits = scan(layer).top().get(unit);
        Dataset data = workspace.dataset();
        int[] indices = hits.stream().mapToInt(Hit::image).toArray();
        Tensor pictures = data.batch(indices);
        Trace trace = workspace.model().forward(workspace.modelInput(pictures));
        Tensor act = trace.activation(layer);
        ObjectNode out = Json.object();
        out.put("layer", layer).put("unit", unit).put("scanned", scanSize);
        if (projection != null) {
            out.put("projection", projection.name());
        }
        ArrayNode top = out.putArray("top");
        for (int i = 0; i < hits.size(); i++) {
            Hit h = hits.get(i);
            Tensor plane = Heatmap.channel(act, i, unit);
            top.addObject().put("index", h.image()).put("label", data.label(h.image()))
                    .put("labelName", data.classNames().get(data.label(h.image()))).put("activation", h.value())
                    .put("y", h.y()).put("x", h.x())
                    .put("overlay", Png.dataUri(Overlay.render(pictures, plane, i, HeatmapStyle.magnitude(), 0.7,
                            Opacity.BY_MAGNITUDE, null)));
            if (projection != null) {
                ((ObjectNode) top.get(i)).put("projection", Png.dataUri(project(pictures.item(i), layer, unit, h)));
            }
        }
        return out;
    }

    /** The projection of one activation {@code (unit, y, x)} of {@code picture [1, C, H, W]}, in grey. */
    private BufferedImage project(Tensor picture, String layer, int unit, Hit h) {
        Explainer explainer = projection.create(Map.of());
        Tensor map = explainer.explain(workspace.model(), workspace.modelInput(picture),
                new Target.Neuron(layer, unit, h.y(), h.x())).map();
        Tensor plane = Heatmap.plane(map, 0, ChannelReduction.SUM);
        double m = plane.absMax();
        return Heatmap.colorize(plane, Colormap.GRAY, ValueRange.symmetric(m > 0 ? m : 1));
    }

    private LayerScan scan(String layer) {
        FutureTask<LayerScan> task = new FutureTask<>(() -> compute(layer));
        FutureTask<LayerScan> existing = scans.putIfAbsent(layer, task);
        if (existing == null) {
            task.run();
            existing = task;
        }
        try {
            return existing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebException(503, "interrupted while scanning " + layer);
        } catch (ExecutionException e) {
            scans.remove(layer, existing);
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private LayerScan compute(String layer) {
        int[] shape = workspace.model().shapeOf(layer);
        int channels = shape[0], h = shape[1], w = shape[2], area = h * w;
        List<List<Hit>> best = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            best.add(new ArrayList<>());
        }
        Comparator<Hit> strongestFirst = Comparator.comparingDouble((Hit x) -> -x.value())
                .thenComparingInt(Hit::image);
        for (int from = 0; from < scanSize; from += BATCH) {
            int to = Math.min(scanSize, from + BATCH);
            Tensor batch = workspace.dataset().images().slice(from, to);
            float[] a = workspace.model().forward(workspace.modelInput(batch)).activation(layer).data();
            for (int n = 0; n < to - from; n++) {
                for (int c = 0; c < channels; c++) {
                    int base = (n * channels + c) * area, arg = 0;
                    for (int p = 1; p < area; p++) {
                        if (a[base + p] > a[base + arg]) {
                            arg = p;
                        }
                    }
                    List<Hit> list = best.get(c);
                    Hit hit = new Hit(from + n, a[base + arg], arg / w, arg % w);
                    if (list.size() < TOP || strongestFirst.compare(hit, list.get(list.size() - 1)) < 0) {
                        list.add(hit);
                        list.sort(strongestFirst);
                        if (list.size() > TOP) {
                            list.remove(list.size() - 1);
                        }
                    }
                }
            }
        }
        return new LayerScan(best.stream().map(List::copyOf).toList());
    }
}
