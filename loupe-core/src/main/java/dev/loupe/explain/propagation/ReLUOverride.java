package dev.loupe.explain.propagation;

import dev.loupe.nn.BackwardRule;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.ReLU;
import dev.loupe.nn.RuleMap;
import java.util.Objects;

/**
 * A rule map that is the plain gradient except at ReLUs, which use {@code reluRule} (Zennit's {@code DeconvNet}
 * and {@code GuidedBackprop} composites).
 *
 * @param reluRule the backward rule of every ReLU
 */
public record ReLUOverride(BackwardRule reluRule) implements RuleMap {
    /** DeconvNet: ReLUs rectify the backward signal. */
    public static final ReLUOverride DECONVNET = new ReLUOverride(new DeconvReLU());
    /** Guided backprop: ReLUs pass positive signal where the input was positive. */
    public static final ReLUOverride GUIDED_BACKPROP = new ReLUOverride(new GuidedReLU());

    public ReLUOverride {
        Objects.requireNonNull(reluRule, "reluRule");
    }

    @Override
    public BackwardRule ruleFor(Node node, Model model) {
        return node.layer() instanceof ReLU ? reluRule : BackwardRule.GRADIENT;
    }
}
