package dev.loupe.conformance;

import dev.loupe.LoupeException;
import dev.loupe.explain.Target;
import dev.loupe.explain.cam.GuidedGradCam;
import dev.loupe.explain.cam.Interpolation;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;
import java.util.Map;

/** Method {@code guided_gradcam} on {@code layer} with {@code interpolate_mode}; output {@code attribution}. */
public final class GuidedGradCamHandler implements CaseHandler {
    @Override
    public Map<String, Tensor> compute(ReferenceCase c, Model model) {
        if (!c.flag("relu_attributions")) {
            throw new LoupeException("case " + c.id() + ": guided Grad-CAM uses the rectified map");
        }
        GuidedGradCam method = GuidedGradCam.on(c.text("layer"), Interpolation.of(c.text("interpolate_mode")));
        return Map.of("attribution", method.explain(model, c.loadInput(), new Target.PerImage(c.targetArray())).map());
    }
}
