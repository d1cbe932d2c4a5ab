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
                weights[i][ch] = (float) (mean(gd, (i * c + ch) * area, area));
            }
        }
        return ChannelWeighting.attribution(ChannelWeighting.weightedSum(lg.activation(), weights, relu),
                trace.input(), target, lg.scores(), new Provenance(name(), Map.of("layer", at, "relu",
                        Boolean.toString(relu)), 0, trace.model().digest()));
    }

    /**
     * The mean of {@code x[off, off+n)}, summed in double in four interleaved chains (one chain waited on each add's
     * latency) and added pairwise at the end: a fixed order, so a fixed result.
     */
    static double mean(float[] x, int off, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int p = 0;
        for (; p + 4 <= n; p += 4) {
            s0 += x[off + p];
            s1 += x[off + p + 1];
            s2 += x[off + p + 2];
            s3 += x[off + p + 3];
        }
        for (; p < n; p++) {
            s0 += x[off + p];
        }
        return ((s0 + s1) + (s2 + s3)) / n;
    }
}
