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
 * Grad-CAM++ (Chattopadhay et al., 2018, "Grad-CAM++: generalized gradient-based visual explanations"), in the
 * closed form that pytorch-grad-cam uses. With g = dS/dA, the exponential of the score turns the second and third
 * derivatives into powers of g, and the per-pixel coefficients are
 * {@code α = g² / (2g² + Σ_ij A · g³ + 1e-6)} (0 where g = 0); a channel's weight is {@code Σ_ij α · max(g, 0)}.
 *
 * <p>Map: the layer map resized bilinearly to the input, {@code [N, 1, H, W]}; extra {@code layer_map
 * [N, 1, h, w]}.
 *
 * @param layer the layer name; empty for the last convolution's output
 * @param relu  rectify the map (as the paper does)
 */
public record GradCamPlusPlus(String layer, boolean relu) implements TraceExplainer {
    private static final double EPS = 1e-6;

    public GradCamPlusPlus {
        Objects.requireNonNull(layer, "layer (empty for the last convolution)");
    }

    @Override
    public String name() {
        return "gradcam++";
    }

    @Override
    public Attribution explain(Trace trace, Target target) {
        String at = CamLayer.resolve(trace.model(), layer, name());
        LayerGradient lg = LayerGradient.of(trace, target, at);
        Tensor g = lg.gradient();
        int n = g.dim(0), c = g.dim(1), area = g.size() / (n * c);
        float[] gd = g.data(), ad = lg.activation().data();
        double[][] weights = new double[n][c];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                int off = (i * c + ch) * area;
                double sumA = 0;
                for (int p = 0; p < area; p++) {
                    sumA += ad[off + p];
                }
                double w = 0;
                for (int p = 0; p < area; p++) {
                    double gv = gd[off + p];
                    if (gv == 0) {
                        continue;
                    }
                    double g2 = gv * gv;
                    double alpha = g2 / (2 * g2 + sumA * g2 * gv + EPS);
                    w += alpha * Math.max(gv, 0);
                }
                weights[i][ch] = w;
            }
        }
        return ChannelWeighting.attribution(ChannelWeighting.weightedSum(lg.activation(), weights, relu),
                trace.input(), target, lg.scores(), new Provenance(name(), Map.of("layer", at, "relu",
                        Boolean.toString(relu)), 0, trace.model().digest()));
    }
}
