package dev.loupe.features;

import dev.loupe.data.Dataset;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Model;
import dev.loupe.nn.Softmax;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Measures how features and the prediction change as images are translated, rotated or scaled (Zeiler &amp; Fergus,
 * ECCV 2014, Sec. 4.3, Fig. 5): small transformations change the first layer a lot and the top feature layer much
 * less.
 */
public final class Invariance {
    private Invariance() {
    }

    /**
     * Runs a sweep on sample images.
     *
     * @param model      a classifier
     * @param samples    the images (in [0, 1]) and their true labels
     * @param indices    which images of {@code samples} to use
     * @param preprocess what the model expects done to a batch first
     * @param sweep      the transformation and its values
     * @param firstLayer the first layer (e.g. {@link FeatureLayers#activations}{@code .get(0)})
     * @param topLayer   the top feature layer (e.g. {@link FeatureLayers#topFeatureLayer})
     * @param fill       the background value, in the images' [0, 1] scale, for pixels moved in from outside
     * @param parallel   the threads of the forward passes
     * @throws dev.loupe.LoupeException for an unknown layer
     */
    public static InvarianceCurves measure(Model model, Dataset samples, int[] indices,
                                           UnaryOperator<Tensor> preprocess, InvarianceSweep sweep,
                                           String firstLayer, String topLayer, float fill, Parallel parallel) {
        FeatureLayers.require(model, List.of(firstLayer, topLayer));
        if (indices.length == 0) {
            throw new dev.loupe.LoupeException("no sample images chosen for the invariance sweep");
        }
        Tensor raw = samples.batch(indices);
        int[] labels = samples.batchLabels(indices);
        ForwardOptions options = ForwardOptions.prediction(parallel);
        Trace original = model.forward(preprocess.apply(raw), options);
        double[] values = sweep.values();
        int n = indices.length;
        double[][] first = new double[n][values.length], top = new double[n][values.length],
                prob = new double[n][values.length];
        for (int v = 0; v < values.length; v++) {
            Tensor moved = sweep.transformation().at(values[v]).apply(raw, fill);
            Trace t = model.forward(preprocess.apply(moved), options);
            Tensor p = Softmax.of(t.output().reshape(n, -1));
            for (int i = 0; i < n; i++) {
                first[i][v] = normalisedDistance(original.activation(firstLayer), t.activation(firstLayer), i);
                top[i][v] = normalisedDistance(original.activation(topLayer), t.activation(topLayer), i);
                prob[i][v] = p.get(i, labels[i]);
            }
        }
        return new InvarianceCurves(sweep, indices.clone(), labels, firstLayer, topLayer, first, top, prob);
    }

    /** {@code ‖a_i − b_i‖ / ‖a_i‖} for image i of two equally shaped batches; NaN when {@code a_i} is zero. */
    static double normalisedDistance(Tensor a, Tensor b, int i) {
        int per = a.size() / a.dim(0);
        float[] x = a.data(), y = b.data();
        double diff = 0, norm = 0;
        for (int j = i * per; j < (i + 1) * per; j++) {
            double d = x[j] - y[j];
            diff += d * d;
            norm += (double) x[j] * x[j];
        }
        return norm == 0 ? Double.NaN : Math.sqrt(diff / norm);
    }
}
