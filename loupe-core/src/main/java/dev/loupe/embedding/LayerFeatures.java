package dev.loupe.embedding;

import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.LinearLayer;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;
import java.util.function.IntConsumer;

/** A layer's activations as feature vectors, one row per image, for embeddings and nearest neighbours. */
public final class LayerFeatures {
    private LayerFeatures() {
    }

    /**
     * The default layer for embeddings: the input of the model's last dense or convolutional layer (the
     * penultimate representation, e.g. {@code relu3} of seednet).
     */
    public static String penultimate(Model model) {
        List<Node> nodes = model.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (nodes.get(i).layer() instanceof LinearLayer) {
                String input = nodes.get(i).inputs().get(0);
                return Model.INPUT.equals(input) ? nodes.get(i).name() : input;
            }
        }
        return nodes.get(nodes.size() - 1).name();
    }

    /**
     * The flattened output of {@code layer} for every image of {@code images [n, C, H, W]} (already normalised as
     * the model expects): {@code [n, d]}. Images go through the model in batches of {@code batch}; {@code progress}
     * receives the number of images done after each batch.
     */
    public static Tensor extract(Model model, String layer, Tensor images, int batch, Parallel parallel,
                                 IntConsumer progress) {
        int n = images.dim(0);
        int[] shape = model.shapeOf(layer);
        int d = 1;
        for (int s : shape) {
            d *= s;
        }
        Tensor out = Tensor.zeros(n, d);
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            Trace trace = model.forward(images.slice(from, to), ForwardOptions.prediction(parallel));
            Tensor act = trace.activation(layer);
            System.arraycopy(act.data(), 0, out.data(), from * d, (to - from) * d);
            progress.accept(to);
        }
        return out;
    }
}
