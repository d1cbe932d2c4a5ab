package dev.loupe.explain.lrp;

import dev.loupe.nn.BackwardRule;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Linear;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.RuleMap;

/**
 * Zennit's {@code EpsilonGammaBox}: {@link ZBox} on the first layer when it is a convolution, {@link Gamma} on
 * the other convolutions, {@link Epsilon} on the dense layers, and the common LRP rules of {@link Composite#lrp}
 * elsewhere (Montavon et al., 2019, section 10.3).
 *
 * @param box        the first layer's rule, holding the input bounds
 * @param epsilon    ε of the dense layers (Zennit's default 1e-6)
 * @param gamma      γ of the convolutions (Zennit's default 0.25)
 * @param stabilizer stabiliser of γ and the proportional split (1e-6)
 */
public record EpsilonGammaBox(ZBox box, double epsilon, double gamma, double stabilizer) implements RuleMap {
    public EpsilonGammaBox {
        java.util.Objects.requireNonNull(box, "box");
        Epsilon.check(epsilon);
        Gamma.check(gamma);
        Gamma.checkStabilizer(stabilizer);
    }

    /** Scalar bounds with Zennit's defaults, ε = 1e-6, γ = 0.25 and stabiliser 1e-6. */
    public EpsilonGammaBox(double low, double high) {
        this(new ZBox(low, high), 1e-6, 0.25, 1e-6);
    }

    /** The rule maps of this composite. */
    public Composite composite() {
        return Composite.lrp(stabilizer).firstLayer(Conv2d.class, box)
                .kind(Conv2d.class, new Gamma(gamma, stabilizer)).kind(Linear.class, new Epsilon(epsilon)).build();
    }

    @Override
    public BackwardRule ruleFor(Node node, Model model) {
        return composite().ruleFor(node, model);
    }
}
