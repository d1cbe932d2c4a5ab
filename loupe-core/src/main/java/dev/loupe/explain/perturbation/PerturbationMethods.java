package dev.loupe.explain.perturbation;

import dev.loupe.explain.MethodProvider;
import dev.loupe.explain.MethodSpec;
import dev.loupe.explain.ParameterSpec;
import java.util.List;

/** The perturbation family's entries in the method registry: {@code occlusion}. */
public final class PerturbationMethods implements MethodProvider {
    @Override
    public List<MethodSpec> methods() {
        return List.of(new MethodSpec(Occlusion.NAME, "perturbation",
                "occlusion sensitivity: slide an occluder and record the target's drop (Zeiler & Fergus 2014)",
                List.of(ParameterSpec.integer("window", 6, "occluder size in pixels (square, all channels)"),
                        ParameterSpec.integer("stride", 2, "step between occluder placements in pixels"),
                        ParameterSpec.text("fill", "0", "a number, mean:V[,V...], blur[:SIGMA] or "
                                + "noise[:SEED[:MEAN:STD]] (input units)"),
                        ParameterSpec.choice("output", "drop", "drop of the target logit, the occluded "
                                + "probability, or the drop of the probability", "drop", "probability",
                                "probability-drop"),
                        ParameterSpec.integer("batch", OcclusionConfig.DEFAULT_BATCH,
                                "occluded images evaluated together")),
                p -> new Occlusion(OcclusionConfig.of(p.integer("window"), p.integer("stride"), 0f)
                        .withFill(Fill.parse(p.text("fill")))
                        .withOutput(OcclusionOutput.parse(p.text("output")))
                        .withBatchSize(p.integer("batch")))));
    }
}
