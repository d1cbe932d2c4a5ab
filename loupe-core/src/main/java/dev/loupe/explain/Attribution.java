package dev.loupe.explain;

import dev.loupe.tensor.Tensor;
import java.util.Map;

/**
 * The result of an explanation: an immutable value.
 *
 * @param map         the attribution, shaped like the input batch {@code [N, C, H, W]} (or like the explained layer's
 *                    output for layer methods such as Grad-CAM's layer map)
 * @param target      what was explained
 * @param scores      per image, the model's score for the target (logit, neuron value or channel sum)
 * @param provenance  method, parameters, seed and model digest
 * @param extras      named auxiliary results, e.g. {@code convergence_delta [N]}, per-layer relevance
 *                    {@code relevance:<layer>}, or Grad-CAM's {@code layer_map [N, 1, h, w]}
 */
public record Attribution(Tensor map, Target target, double[] scores, Provenance provenance,
                          Map<String, Tensor> extras) {
    public Attribution {
        scores = scores.clone();
        extras = Map.copyOf(extras);
    }

    /** An attribution with no extras. */
    public Attribution(Tensor map, Target target, double[] scores, Provenance provenance) {
        this(map, target, scores, provenance, Map.of());
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    /** The named extra result, or null. */
    public Tensor extra(String name) {
        return extras.get(name);
    }

    /** Image i of the map, {@code [1, ...]}. */
    public Tensor image(int i) {
        return map.item(i);
    }
}
