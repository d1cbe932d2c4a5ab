package dev.loupe.nn;

/**
 * Chooses the {@link BackwardRule} of each node for one backward walk. Explanation methods are rule maps: the plain
 * gradient uses {@link BackwardRule#GRADIENT} everywhere, DeconvNet changes only the ReLU rule, and LRP composites
 * map layer kinds (or names) to relevance rules.
 */
@FunctionalInterface
public interface RuleMap {
    /** The exact gradient at every node. */
    RuleMap GRADIENT = (node, model) -> BackwardRule.GRADIENT;

    /** The rule for {@code node} of {@code model}; never null. */
    BackwardRule ruleFor(Node node, Model model);
}
