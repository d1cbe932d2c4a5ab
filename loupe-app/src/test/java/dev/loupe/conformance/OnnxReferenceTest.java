package dev.loupe.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.cli.LoadedModel;
import dev.loupe.cli.ModelOptions;
import dev.loupe.data.Normalization;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference set's ONNX exports ({@code <model>/model.onnx}, PyTorch 1.13, opset 13), imported through
 * {@code --model m.onnx}, against PyTorch's logits, the manifest's layer names, the manifest-built models'
 * activations, and every reference case Loupe has a handler for.
 */
class OnnxReferenceTest {
    private static final Tolerance LOGITS = new Tolerance(1e-4, 1e-5);
    private static ReferenceSet set;
    private static final Map<String, Model> imported = new HashMap<>();

    @BeforeAll
    static void load() {
        set = ReferenceSet.load(SharedReference.requireDir());
    }

    private static Model onnx(String name) {
        return imported.computeIfAbsent(name, n -> {
            LoadedModel loaded = ModelOptions.load(set.root().resolve(n).resolve("model.onnx").toString(), 0);
            assertThat(loaded.model().architecture()).isEqualTo(n);
            assertThat(loaded.classNames()).isEqualTo(LoadedModel.numberedClasses(10));
            assertThat(loaded.normalization().mean()).containsExactly(Normalization.MNIST.mean());
            assertThat(loaded.normalization().std()).containsExactly(Normalization.MNIST.std());
            assertThat(loaded.provenance()).containsEntry("format", "onnx").containsEntry("onnx.opset", "13");
            return loaded.model();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"seednet", "seednet-trained", "mnistnet", "bnnet"})
    void importedModelReproducesPyTorchsLogits(String name) {
        ReferenceCase c = set.cases("logits").stream().filter(k -> k.model().equals(name)).findFirst().orElseThrow();
        Tensor input = c.loadInput();
        assertThat(input.shape()).containsExactly(3, 1, 28, 28);
        Tensor expected = c.outputs().get("logits").tensor().load();
        Tolerance.Comparison cmp = LOGITS.compare(onnx(name).predict(input), expected);
        assertThat(cmp.passed()).as("%s: max error %s", name, cmp.maxError()).isTrue();
    }

    /**
     * Every imported node carries the name and kind of a manifest layer, and computes the same activation as the
     * model built from the manifest; the only manifest layers without an ONNX node are dropouts (an eval-mode
     * export drops them).
     */
    @ParameterizedTest
    @ValueSource(strings = {"seednet", "seednet-trained", "mnistnet", "bnnet"})
    void layerNamesKindsAndActivationsMatchTheManifest(String name) {
        Model fromOnnx = onnx(name), fromManifest = set.model(name);
        Map<String, String> manifestKinds = new HashMap<>();
        for (JsonNode layer : set.models().get(name).layers()) {
            manifestKinds.put(layer.get("name").asText(), layer.get("type").asText());
        }
        for (Node node : fromOnnx.nodes()) {
            assertThat(manifestKinds).as(name).containsEntry(node.name(), node.layer().kind());
        }
        manifestKinds.keySet().removeAll(fromOnnx.nodeNames());
        assertThat(manifestKinds.values()).as("%s layers missing from the ONNX import", name)
                .allMatch(kind -> kind.equals("dropout"));

        Tensor input = set.cases("logits").stream().filter(k -> k.model().equals(name)).findFirst().orElseThrow()
                .loadInput();
        Trace a = fromOnnx.forward(input), b = fromManifest.forward(input);
        for (String layer : fromOnnx.nodeNames()) {
            Tolerance.Comparison cmp = LOGITS.compare(a.activation(layer), b.activation(layer));
            assertThat(cmp.passed()).as("%s/%s: max error %s", name, layer, cmp.maxError()).isTrue();
        }
    }

    /**
     * The conformance cases (which name layers such as {@code conv2} or {@code relu2}) run on the ONNX imports and
     * pass, except where the model built from the manifest fails the same way (a method's own deviation, not the
     * import's).
     */
    @Test
    void referenceCasesPassOnTheImportedModels() {
        Map<String, CaseHandler> handlers = CaseHandlers.standard();
        int ran = 0;
        for (ReferenceCase c : set.cases()) {
            CaseHandler handler = handlers.get(c.method());
            if (handler == null) {
                continue;
            }
            CaseResult r = Conformance.compare(c, handler.compute(c, onnx(c.model())));
            if (!r.passed()) {
                CaseResult manifest = Conformance.compare(c, handler.compute(c, set.model(c)));
                assertThat(r.line()).as("ONNX import fails where the manifest-built model does not").isEqualTo(
                        manifest.line());
            }
            ran++;
        }
        assertThat(ran).as("cases with a handler").isGreaterThanOrEqualTo(set.cases("logits").size()
                + set.cases("softmax").size());
    }
}
