package dev.loupe.explain.lrp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.explain.Attribution;
import dev.loupe.explain.MethodRegistry;
import dev.loupe.explain.Target;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Layer;
import dev.loupe.nn.LogSoftmax;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.Softmax;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A model that ends with a softmax is explained at its logits, exactly as the same model without it. */
class LogitsOutputTest {

    private static Model ending(Model model, Layer normaliser) {
        List<Node> nodes = new ArrayList<>(model.nodes());
        nodes.add(new Node("probabilities", normaliser, List.of(nodes.get(nodes.size() - 1).name())));
        return model.withNodes(nodes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"softmax", "log-softmax"})
    void relevanceStartsAtTheLogits(String kind) {
        Model logits = Architectures.create("seednet", 7);
        Model withSoftmax = ending(logits, kind.equals("softmax") ? new Softmax() : new LogSoftmax());
        assertThat(LogitsOutput.apply(withSoftmax).nodeNames()).isEqualTo(logits.nodeNames());
        assertThat(LogitsOutput.apply(logits)).isSameAs(logits);

        Tensor x = Tensor.randn(new Random(8), 1f, 3, 1, 28, 28);
        LrpExplainer lrp = ((LrpExplainer) MethodRegistry.defaults().create("lrp.epsilon-plus-flat", Map.of()))
                .withParallel(Parallel.serial());
        Attribution expected = lrp.explain(logits, x, new Target.Predicted());
        Attribution actual = lrp.explain(withSoftmax, x, new Target.Predicted());
        assertThat(actual.map().data()).containsExactly(expected.map().data());
        assertThat(actual.scores()).containsExactly(expected.scores());
        assertThat(actual.extras().get("relevance:probabilities").data())
                .containsExactly(expected.extras().get("relevance:fc2").data());
    }
}
