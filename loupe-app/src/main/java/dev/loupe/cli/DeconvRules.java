package dev.loupe.cli;

import dev.loupe.nn.BackwardRule;
import dev.loupe.nn.ReLU;
import dev.loupe.nn.RuleMap;
import java.util.List;

/**
 * DeconvNet's rule map (Zeiler &amp; Fergus 2014: a ReLU passes the positive part of the signal; every other layer its
 * exact backward step) for the feature commands, until the explain package's DeconvNet rule map is on main; then
 * this class goes.
 */
final class DeconvRules {
    private DeconvRules() {
    }

    static final RuleMap DECONVNET = (node, model) -> node.layer() instanceof ReLU
            ? (step, signal) -> List.of(signal.map(v -> Math.max(v, 0)))
            : BackwardRule.GRADIENT;
}
