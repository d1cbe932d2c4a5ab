package dev.loupe.features;

import dev.loupe.LoupeException;
import dev.loupe.nn.Activation;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.LinearLayer;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Which layers of a model have units to study, and checks of user-given layer names and unit numbers.
 *
 * <p>A unit is a channel of a {@code [C, h, w]} layer output, or one element of a {@code [C]} (dense) output, which
 * then has a single position {@code (0, 0)}.
 */
public final class FeatureLayers {
    private FeatureLayers() {
    }

    /** The names of the model's convolution nodes, in execution order. */
    public static List<String> convolutions(Model model) {
        return model.nodes().stream().filter(n -> n.layer() instanceof Conv2d).map(Node::name).toList();
    }

    /** The names of the model's activation (ReLU) nodes, in execution order. */
    public static List<String> activations(Model model) {
        return model.nodes().stream().filter(n -> n.layer() instanceof Activation).map(Node::name).toList();
    }

    /**
     * The top feature layer in the sense of Zeiler &amp; Fergus: the representation that the last linear layer (the
     * classifier) reads, e.g. {@code relu3} of seednet.
     */
    public static String topFeatureLayer(Model model) {
        List<Node> nodes = model.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (nodes.get(i).layer() instanceof LinearLayer) {
                String src = nodes.get(i).inputs().get(0);
                if (!Model.INPUT.equals(src)) {
                    return src;
                }
            }
        }
        throw new LoupeException("model " + model.architecture() + " has no hidden layer before its classifier");
    }

    /**
     * Checks that every name is a node of the model with a {@code [C, h, w]} or {@code [C]} output.
     *
     * @throws LoupeException naming the bad layer and the valid ones
     */
    public static List<String> require(Model model, List<String> layers) {
        if (layers.isEmpty()) {
            throw new LoupeException("no layer chosen; layers are: " + String.join(", ", model.nodeNames()));
        }
        List<String> out = new ArrayList<>();
        for (String layer : layers) {
            int rank = model.shapeOf(model.node(layer).name()).length;
            if (rank != 3 && rank != 1) {
                throw new LoupeException("layer " + layer + " has no channels to study");
            }
            if (!out.contains(layer)) {
                out.add(layer);
            }
        }
        return out;
    }

    /** The number of units (channels) of a layer. */
    public static int units(Model model, String layer) {
        return model.shapeOf(layer)[0];
    }

    /**
     * Checks a unit number.
     *
     * @throws LoupeException naming the valid range
     */
    public static void requireUnit(Model model, String layer, int unit) {
        int units = units(model, layer);
        if (unit < 0 || unit >= units) {
            throw new LoupeException("unit " + unit + " does not exist in layer " + layer + ", which has " + units
                    + " units (0.." + (units - 1) + ")");
        }
    }

    /** The smallest model that computes every listed layer: the nodes up to the last of them, in execution order. */
    public static Model prefix(Model model, List<String> layers) {
        int last = 0;
        for (String layer : layers) {
            last = Math.max(last, model.indexOf(layer));
        }
        return last == model.nodes().size() - 1 ? model : model.withNodes(model.nodes().subList(0, last + 1));
    }
}
