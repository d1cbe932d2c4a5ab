package dev.loupe.explain.gradient;

import dev.loupe.explain.MethodProvider;
import dev.loupe.explain.MethodSpec;
import dev.loupe.explain.ParameterSpec;
import java.util.List;

/** The gradient family in the registry: {@code saliency}, {@code gradient-x-input}, {@code integrated-gradients}. */
public final class GradientMethods implements MethodProvider {
    @Override
    public List<MethodSpec> methods() {
        return List.of(
                new MethodSpec("saliency", "gradient", "gradient of the target w.r.t. the input (Simonyan et al. 2014)",
                        List.of(ParameterSpec.choice("mode", "signed", "signed gradient, its absolute value, or the "
                                + "largest absolute value over the channels", "signed", "abs", "max-channel")),
                        p -> new Saliency(Saliency.Mode.of(p.text("mode")))),
                new MethodSpec("gradient-x-input", "gradient", "input times gradient (Shrikumar et al. 2016)",
                        List.of(), p -> new GradientTimesInput()),
                new MethodSpec("integrated-gradients", "gradient",
                        "path integral of gradients from a baseline (Sundararajan et al. 2017)",
                        List.of(ParameterSpec.integer("steps", 32, "number of path points"),
                                ParameterSpec.choice("rule", "gauss-legendre", "integration rule",
                                        "left", "right", "middle", "trapezoid", "gauss-legendre"),
                                ParameterSpec.text("baseline", "zero", "zero, a constant value or blur:SIGMA"),
                                ParameterSpec.integer("internal-batch", 32,
                                        "path points per forward and backward pass (memory stays flat)")),
                        p -> new IntegratedGradients(Quadrature.of(Quadrature.Rule.of(p.text("rule")),
                                p.integer("steps")), Baseline.parse(p.text("baseline")),
                                p.integer("internal-batch"))));
    }
}
