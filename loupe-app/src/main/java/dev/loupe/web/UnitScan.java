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
import dev.loupe.render.ImageConversion;
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
 * unit's strongest activation there, shown in grey around a mid-grey zero, and the patch of the image that
 * activation depends on (the square around the projection's support) with the projection cropped alike.
 */
public final class UnitScan {
    /** How many top images a unit shows. */
    public static final int TOP = 9;
    /** Smallest side of a patch, in input pixels. */
    public static final int MIN_PATCH = 8;
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
                Tensor plane0 = project(pictures.item(i), layer, unit, h);
                double m = plane0.absMax();
                BufferedImage projected = Heatmap.colorize(plane0, Colormap.GRAY, ValueRange.symmetric(m > 0 ? m : 1));
                int[] box = supportBox(plane0, MIN_PATCH);
                ObjectNode o = (ObjectNode) top.get(i);
                o.put("projection", Png.dataUri(projected));
                o.set("patchBox", Json.MAPPER.valueToTree(box));
                o.put("patch", Png.dataUri(crop(ImageConversion.toImage(pictures.item(i)), box)));
                o.put("patchProjection", Png.dataUri(crop(projected, box)));
            }
        }
        return out;
    }

    /** The projection of one activation {@code (unit, y, x)} of {@code picture [1, C, H, W]}, as a plane. */
    private Tensor project(Tensor picture, String layer, int unit, Hit h) {
        Explainer explainer = projection.create(Map.of());
        Tensor map = explainer.explain(workspace.model(), workspace.modelInput(picture),
                new Target.Neuron(layer, unit, h.y(), h.x())).map();
        return Heatmap.plane(map, 0, ChannelReduction.SUM);
    }

    /**
     * The square {@code [top, left, side]} around the non-zero part of {@code plane [H, W]} (the pixels the
     * activation depends on, which lie inside its receptive field), at least {@code minSide} wide where the plane
     * allows, kept inside the plane. The whole plane when it is all zero.
     */
    static int[] supportBox(Tensor plane, int minSide) {
        int h = plane.dim(0), w = plane.dim(1);
        float[] v = plane.data();
        int top = h, left = w, bottom = -1, right = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (v[y * w + x] != 0) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        if (bottom < 0) {
            return new int[] {0, 0, Math.min(h, w)};
        }
        int side = Math.min(Math.min(h, w), Math.max(minSide, Math.max(bottom - top, right - left) + 1));
        int cy = (top + bottom + 1) / 2, cx = (left + right + 1) / 2;
        int t = Math.max(0, Math.min(h - side, cy - side / 2));
        int l = Math.max(0, Math.min(w - side, cx - side / 2));
        return new int[] {t, l, side};
    }

    private static BufferedImage crop(BufferedImage image, int[] box) {
        BufferedImage out = new BufferedImage(box[2], box[2], BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.drawImage(image.getSubimage(box[1], box[0], box[2], box[2]), 0, 0, null);
        g.dispose();
        return out;
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
