package dev.loupe.explain;

import dev.loupe.nn.Backward;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Model;
import dev.loupe.nn.RuleMap;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;

/**
 * The one backward walk behind every gradient- and relevance-based method (Zennit's design): record a forward pass,
 * seed the target, and walk back with a {@link RuleMap}. Methods differ only in their rule map and in whether the
 * seed is 1 (gradients) or the target's value (relevance).
 */
public final class Propagation {
    private Propagation() {
    }

    /**
     * The outcome of one walk.
     *
     * @param trace    the recorded forward pass
     * @param backward the signal at every node and at the input
     * @param scores   the target's score per image
     */
    public record Result(Trace trace, Backward backward, double[] scores) {
        /** The signal at the input {@code [N, C, H, W]}. */
        public Tensor atInput() {
            return backward.input();
        }
    }

    /** Forward in inference mode, then one backward walk from the target with {@code rules}. */
    public static Result run(Model model, Tensor input, Target target, RuleMap rules, boolean seedByValue,
                             Parallel parallel) {
        Trace trace = model.forward(input, ForwardOptions.inference(parallel));
        return walk(trace, target, rules, seedByValue);
    }

    /** One backward walk over an existing trace. */
    public static Result walk(Trace trace, Target target, RuleMap rules, boolean seedByValue) {
        double[] scores = target.score(trace);
        Backward back = trace.model().backward(trace, target.seeds(trace, seedByValue), rules,
                trace.options().parallel());
        return new Result(trace, back, scores);
    }
}
