package dev.loupe.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.LoupeException;
import dev.loupe.explain.Target;
import dev.loupe.explain.perturbation.Extent;
import dev.loupe.explain.perturbation.Fill;
import dev.loupe.explain.perturbation.Occlusion;
import dev.loupe.explain.perturbation.OcclusionConfig;
import dev.loupe.explain.perturbation.OcclusionOutput;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;
import java.util.Map;

/**
 * Method {@code occlusion} (Captum's {@code Occlusion}): window {@code sliding_window_shapes} (channel, rows, cols)
 * moved by {@code strides}, the window replaced by the scalar {@code baselines}, recording the drop of the target
 * logit; output {@code attribution}.
 */
public final class OcclusionHandler implements CaseHandler {
    @Override
    public Map<String, Tensor> compute(ReferenceCase c, Model model) {
        String output = c.text("output");
        if (!output.startsWith("target logit")) {
            throw new LoupeException("case " + c.id() + ": occlusion output '" + output + "' is not supported; "
                    + "Loupe's conformance handler records the target logit");
        }
        OcclusionConfig config = new OcclusionConfig(extent(c, "sliding_window_shapes"), extent(c, "strides"),
                new Fill.Constant((float) c.number("baselines")), OcclusionOutput.DROP,
                OcclusionConfig.DEFAULT_BATCH, true);
        Target target = new Target.PerImage(c.targetArray());
        return Map.of("attribution", new Occlusion(config).explain(model, c.loadInput(), target).map());
    }

    private static Extent extent(ReferenceCase c, String name) {
        JsonNode v = c.hyperparameter(name);
        if (!v.isArray() || v.size() != 3) {
            throw new LoupeException("case " + c.id() + ": " + name + " must be [channels, rows, cols], got " + v);
        }
        return new Extent(v.get(0).asInt(), v.get(1).asInt(), v.get(2).asInt());
    }
}
