package dev.loupe.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.explain.Attribution;
import dev.loupe.explain.Explainer;
import dev.loupe.explain.MethodRegistry;
import dev.loupe.explain.MethodSpec;
import dev.loupe.explain.Target;
import dev.loupe.render.ColorBar;
import dev.loupe.render.Heatmap;
import dev.loupe.render.HeatmapStyle;
import dev.loupe.render.Opacity;
import dev.loupe.render.Overlay;
import dev.loupe.render.Png;
import dev.loupe.render.ValueRange;
import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * One explanation for the page: runs a registry method on a picture and renders its heatmap, its overlay on the
 * picture and the colour bar as PNG data URIs. Images stay at the model's resolution; the page scales them up with
 * pixelated rendering, which keeps the answer small and fast.
 */
public final class ExplainView {
    /** Opacity of the heatmap in the overlay. */
    public static final double OVERLAY_ALPHA = 0.75;
    /** Width of the colour bar image, in pixels. */
    public static final int COLOR_BAR_WIDTH = 256;

    private final Workspace workspace;
    private final MethodRegistry registry;

    /** Explanations of the workspace's model with the methods of {@code registry}. */
    public ExplainView(Workspace workspace, MethodRegistry registry) {
        this.workspace = workspace;
        this.registry = registry;
    }

    /**
     * Explains {@code picture} with {@code method} and {@code params}.
     *
     * @param picture {@code [1, C, H, W]} in [0, 1]
     * @param target  {@code predicted}, a class index, or any form {@link Target#parse} reads
     * @param style   {@code auto} (magnitude colours for a non-negative map, signed ones otherwise), {@code signed}
     *                or {@code magnitude}
     * @throws dev.loupe.LoupeException for an unknown method, parameter or target (answered with 400)
     */
    public ObjectNode explain(Tensor picture, String method, Map<String, String> params, String target, String style,
                              Timing timing) {
        MethodSpec spec = registry.get(method);
        Explainer explainer = spec.create(params);
        Target t = Target.parse(target == null ? "predicted" : target);
        Tensor input = workspace.modelInput(picture);
        Attribution a = timing.time("explain", () -> explainer.explain(workspace.model(), input, t));
        return timing.time("render", () -> render(picture, a, style));
    }

    private ObjectNode render(Tensor picture, Attribution a, String styleName) {
        Tensor map = a.image(0);
        HeatmapStyle style = style(styleName, map);
        Tensor plane = Heatmap.plane(map, 0, style.reduction());
        ValueRange range = Heatmap.range(plane, style);
        BufferedImage heat = Heatmap.colorize(plane, style.colormap(), range);
        BufferedImage overlay = Overlay.render(picture, map, 0, style, OVERLAY_ALPHA, Opacity.BY_MAGNITUDE, null);
        ObjectNode out = Json.object();
        out.put("method", a.provenance().method());
        out.set("parameters", Json.MAPPER.valueToTree(a.provenance().parameters()));
        out.put("target", describe(a.target()));
        out.put("score", a.scores()[0]);
        out.put("style", style.colormap().diverging() ? "signed" : "magnitude");
        out.put("colormap", style.colormap().name());
        out.set("range", Json.MAPPER.valueToTree(List.of(range.low(), range.high())));
        out.set("mapShape", Json.MAPPER.valueToTree(map.shape()));
        out.put("heatmap", Png.dataUri(heat));
        out.put("overlay", Png.dataUri(overlay));
        out.put("colorbar", Png.dataUri(ColorBar.render(style.colormap(), range, COLOR_BAR_WIDTH)));
        return out;
    }

    /** The target in words, with the class name for a class target. */
    private String describe(Target target) {
        if (target instanceof Target.ClassIndex c) {
            return "class " + c.index() + " (" + workspace.classNames().get(c.index()) + ")";
        }
        if (target instanceof Target.Predicted) {
            return "the predicted class";
        }
        return target.toString();
    }

    /** The heatmap style for {@code name}; {@code auto} picks magnitude colours when the map has no negative value. */
    static HeatmapStyle style(String name, Tensor map) {
        String n = name == null || name.isEmpty() ? "auto" : name;
        switch (n) {
            case "signed":
                return HeatmapStyle.signed();
            case "magnitude":
                return HeatmapStyle.magnitude();
            case "auto":
                return map.min() >= 0 ? HeatmapStyle.magnitude() : HeatmapStyle.signed();
            default:
                throw WebException.badRequest("style must be auto, signed or magnitude, got '" + n + "'");
        }
    }
}
