package dev.loupe.explain.cam;

import dev.loupe.explain.Propagation;
import dev.loupe.explain.Target;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Tensor;

/**
 * A layer's activation and the gradient of the target with respect to it, both {@code [N, C, h, w]}, with the
 * target's scores: what Grad-CAM and Grad-CAM++ weigh.
 *
 * @param layer      the layer name
 * @param activation the layer output A
 * @param gradient   dS/dA
 * @param scores     the target score S per image
 */
record LayerGradient(String layer, Tensor activation, Tensor gradient, double[] scores) {
    /** One gradient walk from the target down to {@code layer} (and no further). */
    static LayerGradient of(Trace trace, Target target, String layer) {
        int index = trace.model().indexOf(layer);
        Propagation.Result r = Propagation.walk(trace, target, CamLayer.gradientDownTo(trace.model(), index), false);
        return new LayerGradient(layer, trace.activation(layer), r.backward().at(layer), r.scores());
    }

    /** Σ_c weights[i][c] · A[i, c] per image, optionally rectified: {@code [N, 1, h, w]}. */
    Tensor weightedSum(double[][] weights, boolean relu) {
        int n = activation.dim(0), c = activation.dim(1), area = activation.size() / (n * c);
        Tensor map = Tensor.zeros(n, 1, activation.dim(2), activation.dim(3));
        float[] a = activation.data(), m = map.data();
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < area; p++) {
                float s = 0;
                for (int ch = 0; ch < c; ch++) {
                    s += (float) weights[i][ch] * a[(i * c + ch) * area + p];
                }
                m[i * area + p] = relu && !(s > 0) ? 0f : s;
            }
        }
        return map;
    }
}
