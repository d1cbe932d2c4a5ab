package dev.loupe.explain.propagation;

import dev.loupe.explain.Attribution;
import dev.loupe.explain.Propagation;
import dev.loupe.explain.Provenance;
import dev.loupe.explain.Target;
import dev.loupe.explain.TraceExplainer;
import dev.loupe.nn.RuleMap;
import dev.loupe.nn.Trace;
import java.util.Map;
import java.util.Objects;

/**
 * A backward walk with a modified rule map from the target to the input: DeconvNet or guided backprop. Map
 * {@code [N, C, H, W]}.
 *
 * <p>The target may be a class, or a {@link Target.Neuron}, {@link Target.Channel} or {@link Target.WholeLayer} of
 * any layer: the walk starts there with every other activation zeroed, as in Zeiler &amp; Fergus's projection of
 * single activations and whole feature maps. The seed is 1 at the explained elements, or, with
 * {@code seedByActivation}, the activation itself (projecting what the layer actually saw).
 *
 * @param name             registry name ({@code deconvnet} or {@code guided-backprop})
 * @param rules            the rule map
 * @param seedByActivation seed with the activation values instead of 1
 */
public record ModifiedBackprop(String name, RuleMap rules, boolean seedByActivation) implements TraceExplainer {
    public ModifiedBackprop {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rules, "rules");
    }

    /** DeconvNet seeded with 1. */
    public static ModifiedBackprop deconvNet() {
        return new ModifiedBackprop("deconvnet", ReLUOverride.DECONVNET, false);
    }

    /** Guided backprop seeded with 1. */
    public static ModifiedBackprop guidedBackprop() {
        return new ModifiedBackprop("guided-backprop", ReLUOverride.GUIDED_BACKPROP, false);
    }

    @Override
    public Attribution explain(Trace trace, Target target) {
        Propagation.Result r = Propagation.walk(trace, target, rules, seedByActivation);
        return new Attribution(r.atInput(), target, r.scores(), new Provenance(name, Map.of("seed",
                seedByActivation ? "activation" : "one"), 0, trace.model().digest()));
    }
}
