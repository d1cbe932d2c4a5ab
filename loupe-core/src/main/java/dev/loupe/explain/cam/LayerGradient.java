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
}
