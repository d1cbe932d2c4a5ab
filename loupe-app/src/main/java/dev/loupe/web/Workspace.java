package dev.loupe.web;

import dev.loupe.data.Dataset;
import dev.loupe.data.Normalization;
import dev.loupe.nn.LinearLayer;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * What the explorer looks at: one model, the dataset whose images it browses, and how an image in [0, 1] becomes
 * the model's input.
 *
 * @param model         the network; its per-image input shape {@code [C, H, W]} must match the dataset's images
 * @param dataset       images {@code [N, C, H, W]} in [0, 1] with labels and class names
 * @param normalization the standardisation the model expects on its input, or null when it takes [0, 1] pixels
 * @param modelLabel    one line describing where the model came from, shown in the page header
 */
public record Workspace(Model model, Dataset dataset, Normalization normalization, String modelLabel) {
    public Workspace {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(modelLabel, "modelLabel");
        int[] in = model.inputShape();
        if (in[0] != dataset.channels() || in[1] != dataset.height() || in[2] != dataset.width()) {
            throw new dev.loupe.LoupeException("the model " + model.architecture() + " takes " + in[0] + "x" + in[1]
                    + "x" + in[2] + " images but the dataset " + dataset.name() + " has " + dataset.channels() + "x"
                    + dataset.height() + "x" + dataset.width());
        }
    }

    /** The class names: the dataset's when their count matches the model's outputs, otherwise "class k". */
    public List<String> classNames() {
        int k = model.outputSize();
        if (dataset.classCount() == k) {
            return dataset.classNames();
        }
        return java.util.stream.IntStream.range(0, k).mapToObj(i -> "class " + i).toList();
    }

    /** A picture {@code [1, C, H, W]} in [0, 1] as the model's input (standardised when the model expects it). */
    public Tensor modelInput(Tensor picture) {
        return normalization == null ? picture : normalization.apply(picture);
    }

    /**
     * The layers whose output has channels and a spatial extent ({@code [C, h, w]}), the ones the unit browser
     * shows as activation maps.
     */
    public List<String> spatialLayers() {
        return model.nodeNames().stream().filter(n -> model.shapeOf(n).length == 3).toList();
    }

    /**
     * The layer whose output is the penultimate representation: the input of the last dense (or 1x1 conv
     * classifier) layer, falling back to the node before the output.
     */
    public String penultimateLayer() {
        List<Node> nodes = model.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (n.layer() instanceof LinearLayer && !n.inputs().get(0).equals(Model.INPUT)) {
                return n.inputs().get(0);
            }
        }
        return nodes.size() > 1 ? nodes.get(nodes.size() - 2).name() : nodes.get(0).name();
    }
}
