package dev.loupe.explain.cam;

import dev.loupe.explain.MethodProvider;
import dev.loupe.explain.MethodSpec;
import dev.loupe.explain.ParameterSpec;
import dev.loupe.explain.propagation.ModifiedBackprop;
import java.util.List;

/**
 * The class-activation-map family in the registry: {@code gradcam}, {@code gradcam++}, {@code scorecam} and
 * {@code guided-gradcam}.
 */
public final class CamMethods implements MethodProvider {
    @Override
    public List<MethodSpec> methods() {
        ParameterSpec layer = ParameterSpec.layer("layer", "", "a spatial layer; default: the last convolution's "
                + "output");
        ParameterSpec relu = ParameterSpec.flag("relu", true, "rectify the map");
        return List.of(
                new MethodSpec("gradcam", "cam", "channels weighted by their mean gradient (Selvaraju et al. 2017)",
                        List.of(layer, relu), p -> new GradCam(p.text("layer"), p.flag("relu"))),
                new MethodSpec("gradcam++", "cam",
                        "channels weighted by positive gradients with pixel coefficients (Chattopadhay et al. 2018)",
                        List.of(layer, relu), p -> new GradCamPlusPlus(p.text("layer"), p.flag("relu"))),
                new MethodSpec("scorecam", "cam",
                        "channels weighted by the score of the masked input (Wang et al. 2020)",
                        List.of(layer, ParameterSpec.integer("batch", 32, "masked inputs per forward pass")),
                        p -> new ScoreCam(p.text("layer"), p.integer("batch"))),
                new MethodSpec("guided-gradcam", "cam", "guided backprop times the upsampled Grad-CAM map",
                        List.of(layer, ParameterSpec.choice("interpolation", "nearest",
                                "how the Grad-CAM map is resized to the input", "nearest", "bilinear")),
                        p -> new GuidedGradCam(new GradCam(p.text("layer"), true), ModifiedBackprop.guidedBackprop(),
                                Interpolation.of(p.text("interpolation")))));
    }
}
