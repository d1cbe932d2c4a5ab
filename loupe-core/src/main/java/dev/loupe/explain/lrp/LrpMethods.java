package dev.loupe.explain.lrp;

import dev.loupe.LoupeException;
import dev.loupe.explain.MethodProvider;
import dev.loupe.explain.MethodSpec;
import dev.loupe.explain.ParameterSpec;
import dev.loupe.explain.Params;
import dev.loupe.nn.LinearLayer;
import dev.loupe.nn.RuleMap;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The LRP family in the method registry: {@code lrp.zero}, {@code lrp.epsilon}, {@code lrp.epsilon-plus},
 * {@code lrp.epsilon-plus-flat}, {@code lrp.epsilon-gamma-box}, {@code lrp.epsilon-alpha2-beta1} and
 * {@code lrp.epsilon-alpha2-beta1-flat}. Defaults are Zennit's; the ZBox bounds default to MNIST's normalisation
 * (mean 0.1307, std 0.3081), i.e. low = −0.4242, high = 2.8215.
 */
public final class LrpMethods implements MethodProvider {
    /** MNIST's lowest normalised pixel value, (0 − 0.1307) / 0.3081. */
    public static final double MNIST_LOW = (0 - 0.1307) / 0.3081;
    /** MNIST's highest normalised pixel value, (1 − 0.1307) / 0.3081. */
    public static final double MNIST_HIGH = (1 - 0.1307) / 0.3081;

    private static final ParameterSpec EPSILON = ParameterSpec.real("epsilon", 1e-6,
            "LRP-ε stabiliser of the dense layers: z + ε·sign(z), sign(0) = +1");
    private static final ParameterSpec STABILIZER = ParameterSpec.real("stabilizer", 1e-6,
            "stabiliser of the other rules and of the proportional split at pools and adds");

    @Override
    public List<MethodSpec> methods() {
        return List.of(
                spec("lrp.zero", "LRP-0 on every conv and dense layer (Bach et al., 2015); unstable",
                        List.of(STABILIZER),
                        p -> Composite.lrp(p.real("stabilizer")).kind(LinearLayer.class, new ZRule()).build()),
                spec("lrp.epsilon", "LRP-ε on every conv and dense layer (Bach et al., 2015)",
                        List.of(ParameterSpec.real("epsilon", 1e-6,
                                        "LRP-ε of every conv and dense layer: z + ε·sign(z), sign(0) = +1"), STABILIZER),
                        p -> Composite.lrp(p.real("stabilizer"))
                                .kind(LinearLayer.class, new Epsilon(p.real("epsilon"))).build()),
                spec("lrp.epsilon-plus", "z⁺ on convolutions, ε on dense layers (Zennit EpsilonPlus)",
                        List.of(EPSILON, STABILIZER),
                        p -> new EpsilonPlus(p.real("epsilon"), p.real("stabilizer"))),
                spec("lrp.epsilon-plus-flat", "flat first layer, z⁺ on convolutions, ε on dense layers "
                                + "(Zennit EpsilonPlusFlat)", List.of(EPSILON, STABILIZER),
                        p -> new EpsilonPlusFlat(p.real("epsilon"), p.real("stabilizer"))),
                spec("lrp.epsilon-gamma-box", "z^B first layer, γ on convolutions, ε on dense layers "
                                + "(Zennit EpsilonGammaBox; Montavon et al., 2019)",
                        List.of(EPSILON, ParameterSpec.real("gamma", 0.25, "γ of the convolutions"),
                                ParameterSpec.text("low", Double.toString(MNIST_LOW),
                                        "lowest normalised input value, one or comma-separated per channel"),
                                ParameterSpec.text("high", Double.toString(MNIST_HIGH),
                                        "highest normalised input value, one or comma-separated per channel"),
                                STABILIZER),
                        p -> new EpsilonGammaBox(new ZBox(values(p, "low"), values(p, "high"), p.real("stabilizer")),
                                p.real("epsilon"), p.real("gamma"), p.real("stabilizer"))),
                spec("lrp.epsilon-alpha2-beta1", "α2β1 on convolutions, ε on dense layers (Zennit EpsilonAlpha2Beta1)",
                        List.of(EPSILON, STABILIZER),
                        p -> new EpsilonAlpha2Beta1(p.real("epsilon"), p.real("stabilizer"))),
                spec("lrp.epsilon-alpha2-beta1-flat", "flat first layer, α2β1 on convolutions, ε on dense layers "
                                + "(Zennit EpsilonAlpha2Beta1Flat)", List.of(EPSILON, STABILIZER),
                        p -> new EpsilonAlpha2Beta1Flat(p.real("epsilon"), p.real("stabilizer"))));
    }

    private static MethodSpec spec(String name, String description, List<ParameterSpec> parameters,
                                   Function<Params, RuleMap> rules) {
        return new MethodSpec(name, "lrp", description, parameters,
                p -> new LrpExplainer(name, rules.apply(p), p.asMap()));
    }

    /** A comma-separated list of reals. */
    private static double[] values(Params p, String name) {
        try {
            return Arrays.stream(p.text(name).split(",")).map(String::trim).mapToDouble(Double::parseDouble)
                    .toArray();
        } catch (NumberFormatException e) {
            throw new LoupeException("LRP parameter " + name + " must be a number or comma-separated numbers, got '"
                    + p.text(name) + "'");
        }
    }
}
