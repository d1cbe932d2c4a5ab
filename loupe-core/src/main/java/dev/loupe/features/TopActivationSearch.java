package dev.loupe.features;

import dev.loupe.LoupeException;
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
 * Finds the k strongest activations of every unit (channel) of some layers in one streaming pass over a dataset,
 * as Zeiler &amp; Fergus do for their top-9 figures (ECCV 2014, Sec. 4).
 *
 * <p>A unit's activation on an image is the maximum of its channel over all positions, with the position of the
 * first maximum in row-major order. The images go through the model in batches, and only the nodes up to the deepest
 * chosen layer run. Each unit keeps a bounded heap of k entries, so memory does not grow with the dataset; the
 * heaps of different units are updated in parallel. Ties go to the lower dataset index.
 *
 * @param layers    the layers whose units to search, each with a {@code [C, h, w]} or {@code [C]} output
 * @param k         how many activations to keep per unit (Zeiler &amp; Fergus show 9)
 * @param batchSize images per forward pass
 */
public record TopActivationSearch(List<String> layers, int k, int batchSize) {
    /** The number of activations Zeiler &amp; Fergus show per unit. */
    public static final int DEFAULT_K = 9;
    /** The default batch size of the forward passes. */
    public static final int DEFAULT_BATCH = 256;

    public TopActivationSearch {
        layers = List.copyOf(layers);
        if (k < 1) {
            throw new LoupeException("k must be at least 1, got " + k);
        }
        if (batchSize < 1) {
            throw new LoupeException("batch size must be at least 1, got " + batchSize);
        }
    }

    /** The top-9 search over the given layers with the default batch size. */
    public static TopActivationSearch of(List<String> layers) {
        return new TopActivationSearch(layers, DEFAULT_K, DEFAULT_BATCH);
    }

    /**
     * Runs the search.
     *
     * @param model      the network
     * @param dataset    the images, {@code [N, C, H, W]} in [0, 1]
     * @param preprocess what the model expects done to a batch first (e.g. {@code Normalization::apply}); must return
     *                   a new tensor or its argument unchanged
     * @param parallel   the threads for the forward passes and the heap updates
     * @param listener   hears the progress after every batch
     * @throws LoupeException for an unknown layer or k larger than the dataset
     */
    public TopActivations run(Model model, Dataset dataset, UnaryOperator<Tensor> preprocess, Parallel parallel,
                              ProgressListener listener) {
        List<String> names = FeatureLayers.require(model, layers);
        int n = dataset.size();
        if (k > n) {
            throw new LoupeException("k = " + k + " is larger than the dataset " + dataset.name() + " (" + n
                    + " images)");
        }
        Model net = FeatureLayers.prefix(model, names);
        int layerCount = names.size();
        int[] channels = new int[layerCount], areas = new int[layerCount], widths = new int[layerCount];
        int units = 0;
        for (int l = 0; l < layerCount; l++) {
            int[] s = model.shapeOf(names.get(l));
            channels[l] = s[0];
            areas[l] = s.length == 3 ? s[1] * s[2] : 1;
            widths[l] = s.length == 3 ? s[2] : 1;
            units += s[0];
        }
        // unit u is channel channelOf[u] of layer layerOf[u]
        int[] layerOf = new int[units], channelOf = new int[units];
        UnitHeap[] heaps = new UnitHeap[units];
        for (int l = 0, u = 0; l < layerCount; l++) {
            for (int c = 0; c < channels[l]; c++, u++) {
                layerOf[u] = l;
                channelOf[u] = c;
                heaps[u] = new UnitHeap(k);
            }
        }
        ForwardOptions options = ForwardOptions.prediction(parallel);
        float[][] acts = new float[layerCount][];
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize), first = from, count = to - from;
            Trace trace = net.forward(preprocess.apply(dataset.images().slice(from, to)), options);
            for (int l = 0; l < layerCount; l++) {
                acts[l] = trace.activation(names.get(l)).data();
            }
            parallel.forEach(heaps.length, u -> {
                int l = layerOf[u], area = areas[l], per = channels[l] * area;
                float[] a = acts[l];
                UnitHeap heap = heaps[u];
                for (int i = 0; i < count; i++) {
                    int base = i * per + channelOf[u] * area;
                    float best = a[base];
                    int at = 0;
                    for (int p = 1; p < area; p++) {
                        if (a[base + p] > best) {
                            best = a[base + p];
                            at = p;
                        }
                    }
                    if (best >= heap.threshold()) {
                        heap.offer(best, first + i, at);
                    }
                }
            });
            listener.onProgress(to, n);
        }
        Map<String, List<List<StrongActivation>>> byLayer = new LinkedHashMap<>();
        for (int u = 0; u < heaps.length; u++) {
            byLayer.computeIfAbsent(names.get(layerOf[u]), key -> new ArrayList<>())
                    .add(heaps[u].sorted(widths[layerOf[u]]));
        }
        return new TopActivations(dataset.name(), n, k, byLayer);
    }
}
