package dev.loupe.conformance;

import dev.loupe.explain.propagation.ModifiedBackprop;
import java.util.LinkedHashMap;
import java.util.Map;

/** The registry of {@link CaseHandler}s by manifest method name. */
public final class CaseHandlers {
    private CaseHandlers() {
    }

    /**
     * Every method Loupe implements, keyed by the manifest's {@code method} name. Register a new handler here with
     * one line. The map is a fresh mutable copy, so callers may add or replace handlers.
     */
    public static Map<String, CaseHandler> standard() {
        Map<String, CaseHandler> handlers = new LinkedHashMap<>();
        handlers.put("logits", new LogitsHandler());
        handlers.put("softmax", new SoftmaxHandler());
        handlers.put("saliency", new SaliencyHandler());
        handlers.put("gradient_x_input", new GradientTimesInputHandler());
        handlers.put("integrated_gradients", new IntegratedGradientsHandler());
        handlers.put("smoothgrad", new SmoothGradHandler());
        handlers.put("guided_backprop", new ModifiedBackpropHandler(ModifiedBackprop.guidedBackprop()));
        handlers.put("deconvnet", new ModifiedBackpropHandler(ModifiedBackprop.deconvNet()));
        handlers.put("neuron_deconvnet", new NeuronDeconvNetHandler());
        handlers.put("gradcam", new GradCamHandler());
        handlers.put("guided_gradcam", new GuidedGradCamHandler());
        handlers.put("lrp", new LrpHandler());
        handlers.put("occlusion", new OcclusionHandler());
        return handlers;
    }
}
