package dev.loupe.features;

import dev.loupe.data.Dataset;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Model;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Architecture health over a dataset: per layer, the activation sparsity (the fraction of exactly zero values,
 * which after a ReLU are the inactive ones) and the dead units, those never positive on any image at any position.
 * Zeiler &amp; Fergus (2014, Sec. 4.1) found dead first-layer filters this way.
 */
public final class ActivationHealth {
    private ActivationHealth() {
    }

    /**
     * The health of one layer.
     *
     * @param layer     the layer
     * @param units     how many units (channels) it has
     * @param sparsity  the fraction of its values over the dataset that are exactly zero
     * @param deadUnits the units whose value was never positive, ascending
     */
    public record LayerHealth(String layer, int units, double sparsity, List<Integer> deadUnits) {
        public LayerHealth {
            deadUnits = List.copyOf(deadUnits);
        }
    }

    /**
     * Measures the given layers (typically {@link FeatureLayers#activations}) in one streaming pass.
     *
     * @throws dev.loupe.LoupeException for an unknown layer
     */
    public static List<LayerHealth> measure(Model model, Dataset dataset, UnaryOperator<Tensor> preprocess,
                                            List<String> layers, int batchSize, Parallel parallel,
                                            ProgressListener listener) {
        List<String> names = FeatureLayers.require(model, layers);
        Model net = FeatureLayers.prefix(model, names);
        Map<String, long[]> zeros = new LinkedHashMap<>();
        Map<String, boolean[]> alive = new LinkedHashMap<>();
        long[] counts = new long[names.size()];
        for (String layer : names) {
            zeros.put(layer, new long[1]);
            alive.put(layer, new boolean[FeatureLayers.units(model, layer)]);
        }
        int n = dataset.size();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            Trace trace = net.forward(preprocess.apply(dataset.images().slice(from, to)),
                    ForwardOptions.prediction(parallel));
            for (int l = 0; l < names.size(); l++) {
                String layer = names.get(l);
                Tensor act = trace.activation(layer);
                float[] a = act.data();
                boolean[] on = alive.get(layer);
                int area = act.size() / (act.dim(0) * on.length);
                long z = 0;
                for (int i = 0; i < a.length; i++) {
                    if (a[i] == 0f) {
                        z++;
                    } else if (a[i] > 0f) {
                        on[(i / area) % on.length] = true;
                    }
                }
                zeros.get(layer)[0] += z;
                counts[l] += a.length;
            }
            listener.onProgress(to, n);
        }
        List<LayerHealth> out = new ArrayList<>();
        for (int l = 0; l < names.size(); l++) {
            boolean[] on = alive.get(names.get(l));
            List<Integer> dead = new ArrayList<>();
            for (int u = 0; u < on.length; u++) {
                if (!on[u]) {
                    dead.add(u);
                }
            }
            out.add(new LayerHealth(names.get(l), on.length,
                    counts[l] == 0 ? 0 : zeros.get(names.get(l))[0] / (double) counts[l], dead));
        }
        return out;
    }
}
