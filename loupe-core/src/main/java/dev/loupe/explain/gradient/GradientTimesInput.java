package dev.loupe.explain.gradient;

import dev.loupe.explain.Attribution;
import dev.loupe.explain.Propagation;
import dev.loupe.explain.Provenance;
import dev.loupe.explain.Target;
import dev.loupe.explain.TraceExplainer;
import dev.loupe.nn.RuleMap;
import dev.loupe.nn.Trace;
import java.util.Map;

/**
 * The input times the gradient of the target, elementwise (Shrikumar et al., 2016), as Captum's
 * {@code InputXGradient}. Map {@code [N, C, H, W]}.
 */
public record GradientTimesInput() implements TraceExplainer {
    @Override
    public String name() {
        return "gradient-x-input";
    }

    @Override
    public Attribution explain(Trace trace, Target target) {
        Propagation.Result r = Propagation.walk(trace, target, RuleMap.GRADIENT, false);
        return new Attribution(r.atInput().times(trace.input()), target, r.scores(),
                new Provenance(name(), Map.of(), 0, trace.model().digest()));
    }
}
