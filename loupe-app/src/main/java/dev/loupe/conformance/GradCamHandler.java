package dev.loupe.conformance;

import dev.loupe.LoupeException;
import dev.loupe.explain.Attribution;
import dev.loupe.explain.Target;
import dev.loupe.explain.cam.GradCam;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;
import java.util.Map;

/**
 * Method {@code gradcam} on {@code layer}, rectified when {@code relu_attributions}; outputs {@code layer_map} and
 * {@code upsampled} (bilinear, align_corners false, to {@code upsample_size}).
 */
public final class GradCamHandler implements CaseHandler {
    @Override
    public Map<String, Tensor> compute(ReferenceCase c, Model model) {
        if (!c.text("upsample_mode").equals("bilinear") || c.flag("align_corners")
                || c.hyperparameters().has("attribute_to_layer_input") && c.flag("attribute_to_layer_input")) {
            throw new LoupeException("case " + c.id() + ": only bilinear upsampling without aligned corners of the "
                    + "layer output is supported");
        }
        Tensor input = c.loadInput();
        var size = c.hyperparameter("upsample_size");
        if (size.get(0).asInt() != input.dim(2) || size.get(1).asInt() != input.dim(3)) {
            throw new LoupeException("case " + c.id() + ": Grad-CAM maps are resized to the input size only");
        }
        Attribution a = new GradCam(c.text("layer"), c.flag("relu_attributions")).explain(model, input,
                new Target.PerImage(c.targetArray()));
        return Map.of("layer_map", a.extra("layer_map"), "upsampled", a.map());
    }
}
