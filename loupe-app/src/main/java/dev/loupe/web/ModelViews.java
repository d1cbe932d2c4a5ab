package dev.loupe.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.nn.Trace;
import dev.loupe.render.Colormap;
import dev.loupe.render.Heatmap;
import dev.loupe.render.Png;
import dev.loupe.render.ValueRange;
import dev.loupe.tensor.Tensor;
import java.util.List;

/** The model's answer for one picture: class probabilities, and the activation map of every unit of a layer. */
public final class ModelViews {
    private final Workspace workspace;

    /** Views of the workspace's model. */
    public ModelViews(Workspace workspace) {
        this.workspace = workspace;
    }

    /**
     * The softmax of the logits of {@code picture [1, C, H, W]}, with class names, and the predicted class.
     */
    public ObjectNode predict(Tensor picture) {
        Tensor logits = workspace.model().predict(workspace.modelInput(picture));
        double[] p = softmax(logits.data());
        List<String> names = workspace.classNames();
        ObjectNode out = Json.object();
        int best = 0;
        ArrayNode classes = out.putArray("classes");
        for (int k = 0; k < p.length; k++) {
            classes.addObject().put("index", k).put("name", names.get(k)).put("probability", p[k])
                    .put("logit", logits.data()[k]);
            if (p[k] > p[best]) {
                best = k;
            }
        }
        out.put("predicted", best);
        out.put("predictedName", names.get(best));
        return out;
    }

    /** A numerically stable softmax of {@code logits}. */
    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /**
     * The activation map of every channel of {@code layer} (an output {@code [C, h, w]}) for {@code picture}, each
     * as a grey PNG on one shared scale from 0 (or the layer's minimum, if negative) to the layer's maximum, so that
     * strong and silent units can be told apart at a glance.
     */
    public ObjectNode layer(Tensor picture, String layer) {
        if (!workspace.spatialLayers().contains(layer)) {
            throw WebException.badRequest("layer '" + layer + "' has no activation maps; choose one of "
                    + String.join(", ", workspace.spatialLayers()));
        }
        Trace trace = workspace.model().forward(workspace.modelInput(picture));
        Tensor act = trace.activation(layer);
        int channels = act.dim(1);
        double low = Math.min(0, act.min());
        double high = act.max();
        ValueRange range = new ValueRange(low, high > low ? high : low + 1);
        ObjectNode out = Json.object();
        out.put("layer", layer);
        out.set("shape", Json.MAPPER.valueToTree(workspace.model().shapeOf(layer)));
        out.set("range", Json.MAPPER.valueToTree(List.of(range.low(), range.high())));
        ArrayNode units = out.putArray("units");
        for (int c = 0; c < channels; c++) {
            Tensor plane = Heatmap.channel(act, 0, c);
            units.addObject().put("unit", c).put("max", plane.max()).put("mean", plane.sum() / plane.size())
                    .put("map", Png.dataUri(Heatmap.colorize(plane, Colormap.GRAY, range)));
        }
        return out;
    }
}
