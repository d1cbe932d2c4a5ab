package dev.loupe.explain.cam;

import dev.loupe.explain.Attribution;
import dev.loupe.explain.Provenance;
import dev.loupe.explain.Target;
import dev.loupe.explain.TraceExplainer;
import dev.loupe.explain.propagation.ModifiedBackprop;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Guided Grad-CAM (Selvaraju et al., 2017), as Captum's {@code GuidedGradCam}: the guided-backprop map
 * {@code [N, C, H, W]} times the rectified Grad-CAM layer map resized to the input with {@code interpolation},
 * broadcast over the channels. Both parts walk the same recorded forward pass. Map {@code [N, C, H, W]}; extra
 * {@code layer_map [N, 1, h, w]}.
 *
 * @param gradCam       the Grad-CAM part (its {@code relu} is forced on)
 * @param guided        the guided-backprop part
 * @param interpolation how the layer map is resized
 */
public record GuidedGradCam(GradCam gradCam, ModifiedBackprop guided, Interpolation interpolation)
        implements TraceExplainer {
    public GuidedGradCam {
        Objects.requireNonNull(gradCam, "gradCam");
        Objects.requireNonNull(guided, "guided");
        Objects.requireNonNull(interpolation, "interpolation");
        gradCam = new GradCam(gradCam.layer(), true);
    }

    /** Guided Grad-CAM on {@code layer} (empty: the last convolution) with Captum's default nearest resizing. */
    public static GuidedGradCam on(String layer, Interpolation interpolation) {
        return new GuidedGradCam(new GradCam(layer, true), ModifiedBackprop.guidedBackprop(), interpolation);
    }

    @Override
    public String name() {
        return "guided-gradcam";
    }

    @Override
    public Attribution explain(Trace trace, Target target) {
        Attribution cam = gradCam.explain(trace, target);
        Attribution gb = guided.explain(trace, target);
        Tensor layerMap = cam.extra("layer_map");
        Tensor input = trace.input();
        Tensor up = interpolation.resize(layerMap, input.dim(2), input.dim(3));
        Tensor map = gb.map().copy();
        float[] m = map.data(), u = up.data();
        int n = input.dim(0), c = input.dim(1), area = input.dim(2) * input.dim(3);
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < area; p++) {
                    m[(i * c + ch) * area + p] *= u[i * area + p];
                }
            }
        }
        Map<String, String> params = new LinkedHashMap<>(cam.provenance().parameters());
        params.remove("relu");
        params.put("interpolation", interpolation.label());
        return new Attribution(map, target, cam.scores(), new Provenance(name(), params, 0, trace.model().digest()),
                Map.of("layer_map", layerMap));
    }
}
