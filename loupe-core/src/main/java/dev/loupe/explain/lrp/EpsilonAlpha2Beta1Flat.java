package dev.loupe.explain.lrp;

import dev.loupe.nn.BackwardRule;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Linear;
import dev.loupe.nn.LinearLayer;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.RuleMap;

/**
 * Zennit's {@code EpsilonAlpha2Beta1Flat}: {@link Flat} on the first Conv2d/Linear layer, {@link AlphaBeta} with
 * α = 2, β = 1 on the other convolutions, {@link Epsilon} on the dense layers, and the common LRP rules of
 * {@link Composite#lrp} elsewhere.
 *
 * @param epsilon    ε of the dense layers (Zennit's default 1e-6)
 * @param stabilizer stabiliser of flat, α-β and the proportional split (1e-6)
 */
public record EpsilonAlpha2Beta1Flat(double epsilon, double stabilizer) implements RuleMap {
    public EpsilonAlpha2Beta1Flat {
        Epsilon.check(epsilon);
        Gamma.checkStabilizer(stabilizer);
    }

    /** With Zennit's defaults, ε = 1e-6 and stabiliser 1e-6. */
    public EpsilonAlpha2Beta1Flat() {
        this(1e-6, 1e-6);
    }

    /** The rule maps of this composite. */
    public Composite composite() {
        return Composite.lrp(stabilizer).firstLayer(LinearLayer.class, new Flat(stabilizer))
                .kind(Conv2d.class, new AlphaBeta(2, 1, stabilizer)).kind(Linear.class, new Epsilon(epsilon)).build();
    }

    @Override
    public BackwardRule ruleFor(Node node, Model model) {
        return composite().ruleFor(node, model);
    }
}
