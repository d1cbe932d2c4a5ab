package dev.loupe.explain.cam;

import dev.loupe.LoupeException;
import dev.loupe.nn.BackwardRule;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.RuleMap;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Choosing and checking the layer a class activation map is computed on. */
final class CamLayer {
    private CamLayer() {
    }

    /**
     * The named layer, or when {@code layer} is empty the output of the model's last convolution (before its
     * activation, as in the reference set).
     *
     * @throws LoupeException for an unknown layer (listing the valid ones), a model without convolutions, or a
     *                        layer whose output is not a spatial map {@code [C, h, w]}
     */
    static String resolve(Model model, String layer, String method) {
        String name = layer;
        if (name == null || name.isEmpty()) {
            name = null;
            for (Node n : model.nodes()) {
                if (n.layer() instanceof Conv2d) {
                    name = n.name();
                }
            }
            if (name == null) {
                throw new LoupeException(method + ": model " + model.architecture()
                        + " has no convolution; name a spatial layer");
            }
        }
        int[] shape = model.shapeOf(name);
        if (shape.length != 3) {
            List<String> spatial = new ArrayList<>();
            for (Node n : model.nodes()) {
                if (model.shapeOf(n.name()).length == 3) {
                    spatial.add(n.name());
                }
            }
            throw new LoupeException(method + " needs a spatial layer, but " + name + " gives "
                    + Arrays.toString(shape) + "; spatial layers: " + String.join(", ", spatial));
        }
        return name;
    }

    /**
     * The gradient everywhere above the node at {@code index}; the node itself and everything before it pass
     * zeros, since nothing below the layer is needed.
     */
    static RuleMap gradientDownTo(Model model, int index) {
        BackwardRule zeros = (step, signal) -> {
            List<Tensor> out = new ArrayList<>(step.inputs().size());
            for (Tensor in : step.inputs()) {
                out.add(Tensor.zeros(in.shape()));
            }
            return out;
        };
        return (node, m) -> m.indexOf(node.name()) <= index ? zeros : BackwardRule.GRADIENT;
    }
}
