package dev.loupe.explain.cam;

import dev.loupe.explain.Attribution;
import dev.loupe.explain.Provenance;
import dev.loupe.explain.Target;
import dev.loupe.explain.TraceExplainer;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Tensor;
import java.util.Map;
import java.util.Objects;

/**
 * Grad-CAM (Selvaraju et al., 2017, "Grad-CAM: visual explanations from deep networks via gradient-based
 * localization"), as Captum's {@code LayerGradCam}: each channel of the layer output A {@code [N, C, h, w]} is
 * weighted by the mean over rows and columns of dS/dA, the channels are summed, and the result is rectified when
 * {@code relu} is set.
 *
 * <p>Map: the layer map resized bilinearly to the input, {@code [N, 1, H, W]}; extra {@code layer_map
 * [N, 1, h, w]}.
 *
 * @param layer the layer name; empty for the last convolution's output
 * @param relu  rectify the map (the paper does; Captum's {@code relu_attributions})
 */
public record GradCam(String layer, boolean relu) implements TraceExplainer {
    public GradCam {
        Objects.requireNonNull(layer, "layer (empty for the last convolution)");
    }

    @Override
    public String name() {
        return "gradcam";
    }

    @Override
    public Attribution explain(Trace trace, Target target) {
        String at = CamLayer.resolve(trace.model(), layer, name());
        LayerGradient lg = LayerGradient.of(trace, target, at);
        Tensor g = lg.gradient();
        int n = g.dim(0), c = g.dim(1), area = g.size() / (n * c);
        double[][] weights = new double[n][c];
        float[] gd = g.data();
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                double s = 0;
                for (int p = 0; p < area; p++) {
                    s += gd[(i * c + ch) * area + p];
                }
                weights[i][ch] = (float) (s / area);
            }
        }
        return ChannelWeighting.attribution(ChannelWeighting.weightedSum(lg.activation(), weights, relu),
                trace.input(), target, lg.scores(), new Provenance(name(), Map.of("layer", at, "relu",
                        Boolean.toString(relu)), 0, trace.model().digest()));
    }
}
