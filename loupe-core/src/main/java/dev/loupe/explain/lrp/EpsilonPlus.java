package dev.loupe.explain.lrp;

import dev.loupe.nn.BackwardRule;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Linear;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.RuleMap;

/**
 * Zennit's {@code EpsilonPlus}: {@link ZPlus} on every convolution, {@link Epsilon} on every dense layer, and the
 * common LRP rules of {@link Composite#lrp} elsewhere (Montavon et al., 2019, section 10.3).
 *
 * @param epsilon    ε of the dense layers (Zennit's default 1e-6)
 * @param stabilizer stabiliser of z⁺ and of the proportional split (1e-6)
 */
public record EpsilonPlus(double epsilon, double stabilizer) implements RuleMap {
    public EpsilonPlus {
        Epsilon.check(epsilon);
        Gamma.checkStabilizer(stabilizer);
    }

    /** With Zennit's defaults, ε = 1e-6 and stabiliser 1e-6. */
    public EpsilonPlus() {
        this(1e-6, 1e-6);
    }

    /** The rule maps of this composite. */
    public Composite composite() {
        return Composite.lrp(stabilizer).kind(Conv2d.class, new ZPlus(stabilizer))
                .kind(Linear.class, new Epsilon(epsilon)).build();
    }

    @Override
    public BackwardRule ruleFor(Node node, Model model) {
        return composite().ruleFor(node, model);
    }
}
