package dev.loupe.explain.lrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loupe.explain.Propagation;
import dev.loupe.explain.Target;
import dev.loupe.nn.Model;
import dev.loupe.nn.RuleMap;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code lrp} case of the shared reference set (Zennit 0.5.1): the rules are read from the case's
 * {@code rules} field and hyper-parameters ({@link RuleText}), and the relevance at the input and at
 * {@code block1_layer} must match within the case's tolerances.
 */
class LrpReferenceTest {

    static Stream<String> cases() throws IOException {
        if (!ReferenceSet.available()) {
            return Stream.of("none");
        }
        return ReferenceSet.load().cases("lrp").stream().map(c -> (String) c.get("id"));
    }

    /** The composite a case describes, read from its {@code rules} text and hyper-parameters. */
    static RuleMap composite(Map<String, Object> hp) {
        Map<String, Double> params = new java.util.HashMap<>();
        hp.forEach((k, v) -> {
            if (v instanceof Number n) {
                params.put(k, n.doubleValue());
            }
        });
        return RuleText.parse((String) hp.get("rules"), params, real(hp, "stabilizer"));
    }

    private static double real(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesZennit(String id) throws IOException {
        assumeTrue(ReferenceSet.available(), "reference set not present");
        ReferenceSet set = ReferenceSet.load();
        Map<String, Object> c = set.cases("lrp").stream().filter(x -> id.equals(x.get("id"))).findFirst()
                .orElseThrow();
        Map<String, Object> hp = ReferenceSet.map(c, "hyperparameters");
        Model model = set.model((String) c.get("model"));
        Tensor input = ReferenceSet.tensor(ReferenceSet.map(c, "input"));
        int[] targets = ReferenceSet.ints(c.get("targets"));
        LrpExplainer explainer = new LrpExplainer("lrp", composite(hp), Map.of(), Parallel.of(2));
        Propagation.Result result = explainer.propagate(model, input, new Target.PerImage(targets));

        Map<String, Object> outputs = ReferenceSet.map(c, "outputs");
        Tensor seed = ReferenceSet.tensor(ReferenceSet.map(ReferenceSet.map(c, "aux_inputs"), "relevance_seed"));
        assertThat(result.scores()[0]).isCloseTo(seed.sumPerItem()[0], org.assertj.core.data.Offset.offset(1e-3));
        List<String> failures = new ArrayList<>();
        check(failures, "relevance_input", result.atInput(), ReferenceSet.map(outputs, "relevance_input"));
        Map<String, Object> block = ReferenceSet.map(outputs, "relevance_block1");
        check(failures, "relevance_block1", result.backward().at((String) hp.get("block1_layer")), block);
        assertThat(failures).as(id).isEmpty();
    }

    private static void check(List<String> failures, String what, Tensor actual, Map<String, Object> entry)
            throws IOException {
        Tensor expected = ReferenceSet.tensor(entry);
        assertThat(actual.shape()).as(what).containsExactly(expected.shape());
        double rtol = ((Number) entry.get("rtol")).doubleValue(), atol = ((Number) entry.get("atol")).doubleValue();
        float[] a = actual.data(), e = expected.data();
        int bad = 0;
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < e.length; i++) {
            double err = Math.abs(a[i] - e[i]), allowed = atol + rtol * Math.abs(e[i]);
            if (!(err <= allowed)) {
                bad++;
                if (!(err / allowed <= worst)) {
                    worst = err / allowed;
                    worstAt = i;
                }
            }
        }
        if (bad > 0) {
            failures.add(what + ": " + bad + " of " + e.length + " outside tolerance; worst at " + worstAt + " got "
                    + a[worstAt] + " expected " + e[worstAt] + " (" + String.format("%.1f", worst) + "x allowed)");
        }
    }
}
