package dev.loupe.conformance;

import dev.loupe.LoupeException;
import dev.loupe.explain.lrp.MergeBatchNorm;
import dev.loupe.explain.lrp.RuleText;
import dev.loupe.nn.Backward;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Model;
import dev.loupe.nn.RuleMap;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Method {@code lrp} (Zennit composites): the composite is read from the case's {@code rules} text with its
 * {@code epsilon}, {@code gamma}, {@code low}, {@code high}… and {@code stabilizer} ({@link RuleText}); batch norms
 * are merged first ({@link MergeBatchNorm}, Zennit's {@code SequentialMergeBatchNorm}); the walk starts from the
 * stored {@code relevance_seed} (one-hot × logit). Outputs: {@code relevance_input [N, C, H, W]} and
 * {@code relevance_block1}, the relevance at the output of {@code block1_layer}.
 */
public final class LrpHandler implements CaseHandler {
    private static final List<String> CANONIZERS = List.of("SequentialMergeBatchNorm");

    @Override
    public Map<String, Tensor> compute(ReferenceCase referenceCase, Model model) {
        ReferenceCase c = referenceCase;
        if (!c.text("output_relevance_seed").equals("onehot_times_logit")) {
            throw new LoupeException("case " + c.id() + ": unsupported output_relevance_seed '"
                    + c.text("output_relevance_seed") + "'");
        }
        Map<String, Double> params = new HashMap<>();
        Map<String, Object> hp = c.hyperparameterMap();
        hp.forEach((k, v) -> {
            if (v instanceof Number n) {
                params.put(k, n.doubleValue());
            }
        });
        Object canonizers = hp.getOrDefault("canonizers", List.of());
        if (!(canonizers instanceof List<?> list) || !CANONIZERS.containsAll(list)) {
            throw new LoupeException("case " + c.id() + ": unsupported canonizers " + canonizers + "; Loupe has "
                    + CANONIZERS);
        }
        RuleMap rules = RuleText.parse(c.text("rules"), params, c.number("stabilizer"));
        Model canonical = MergeBatchNorm.apply(model);
        Parallel parallel = Parallel.defaults();
        Trace trace = canonical.forward(c.loadInput(), ForwardOptions.inference(parallel));
        Backward back = canonical.backward(trace, Map.of(canonical.outputName(), c.loadAux("relevance_seed")), rules,
                parallel);
        return Map.of("relevance_input", back.input(), "relevance_block1", back.at(c.text("block1_layer")));
    }
}
