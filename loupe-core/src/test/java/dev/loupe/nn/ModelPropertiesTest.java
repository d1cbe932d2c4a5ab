package dev.loupe.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Properties every model must have: forward and backward never modify the model or the input, deep copies are
 * independent, a batch gives the same results as its images one by one, results do not depend on timing and
 * hardly on the thread count, and user mistakes get clear errors.
 */
class ModelPropertiesTest {

    private static Model model(String arch) {
        Model m = Architectures.create(arch, 9);
        ResNetMiniGradientCheckTest.randomizeBatchNorms(m, new Random(4));
        return m;
    }

    private static List<float[]> snapshot(Model model) {
        List<float[]> s = new ArrayList<>();
        for (Node n : model.nodes()) {
            for (Parameter p : n.layer().parameters()) {
                s.add(p.value().data().clone());
            }
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"seednet", "mnistnet", "resnet-mini", "allconv"})
    void forwardAndBackwardNeverModifyModelOrInput(String arch) {
        Model model = model(arch);
        List<float[]> before = snapshot(model);
        String digest = model.recomputeDigest();
        Tensor x = Tensor.randn(new Random(1), 1, 2, 1, 28, 28);
        Tensor xCopy = x.copy();
        Tensor probe = Tensor.randn(new Random(2), 1, 2, 10);
        for (boolean training : new boolean[] {false, true}) {
            Trace trace = model.forward(x, new ForwardOptions(training, 5, Parallel.of(2)));
            model.backward(trace, probe, RuleMap.GRADIENT);
            model.parameterGradients(trace, probe);
        }
        List<float[]> after = snapshot(model);
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i)).as("parameter tensor %d", i).isEqualTo(before.get(i));
        }
        assertThat(model.recomputeDigest()).isEqualTo(digest);
        assertThat(x.data()).isEqualTo(xCopy.data());
    }

    @ParameterizedTest
    @ValueSource(strings = {"seednet", "resnet-mini"})
    void deepCopyIsIndependent(String arch) {
        Model model = model(arch);
        Tensor x = Tensor.randn(new Random(1), 1, 2, 1, 28, 28);
        Tensor out = model.predict(x);
        Model copy = model.deepCopy();
        assertThat(copy.recomputeDigest()).isEqualTo(model.recomputeDigest());
        assertThat(copy.predict(x).data()).isEqualTo(out.data());
        for (int i = 0; i < model.nodes().size(); i++) {
            List<Parameter> a = model.nodes().get(i).layer().parameters();
            List<Parameter> b = copy.nodes().get(i).layer().parameters();
            for (int p = 0; p < a.size(); p++) {
                assertThat(b.get(p).value().data()).isNotSameAs(a.get(p).value().data());
                b.get(p).value().fill(0.01f);
            }
        }
        assertThat(model.predict(x).data()).isEqualTo(out.data());
        assertThat(copy.predict(x).data()).isNotEqualTo(out.data());
        assertThat(copy.recomputeDigest()).isNotEqualTo(model.recomputeDigest());
    }

    @ParameterizedTest
    @ValueSource(strings = {"seednet", "mnistnet", "resnet-mini", "allconv"})
    void predictionGivesTheActivationsOfInferenceButCannotBeWalkedBack(String arch) {
        Model model = model(arch);
        Tensor x = Tensor.randn(new Random(6), 1, 3, 1, 28, 28);
        Trace full = model.forward(x, ForwardOptions.inference(Parallel.of(2)));
        Trace prediction = model.forward(x, ForwardOptions.prediction(Parallel.of(2)));
        for (String name : model.nodeNames()) {
            assertThat(prediction.activation(name).data()).as(name).containsExactly(full.activation(name).data());
        }
        assertThat(model.predict(x).data()).containsExactly(full.output().data());
        Tensor probe = Tensor.randn(new Random(7), 1, 3, 10);
        assertThatThrownBy(() -> model.backward(prediction, probe, RuleMap.GRADIENT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prediction only");
        assertThatThrownBy(() -> model.parameterGradients(prediction, probe))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prediction only");
    }

    @ParameterizedTest
    @ValueSource(strings = {"seednet", "mnistnet", "resnet-mini", "allconv"})
    void batchEqualsImagesOneByOne(String arch) {
        Model model = model(arch);
        Tensor x = Tensor.randn(new Random(3), 1, 3, 1, 28, 28);
        Tensor probe = Tensor.randn(new Random(4), 1, 3, 10);
        ForwardOptions options = ForwardOptions.inference(Parallel.of(2));
        Trace batch = model.forward(x, options);
        Tensor batchGrad = model.backward(batch, probe, RuleMap.GRADIENT).input();
        Gradients batchParams = model.parameterGradients(batch, probe);
        List<Gradients> single = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Trace one = model.forward(x.item(i), options);
            assertThat(one.output().data()).as("logits of image %d", i).isEqualTo(batch.output().item(i).data());
            for (String name : model.nodeNames()) {
                assertThat(one.activation(name).data()).as("%s of image %d", name, i)
                        .isEqualTo(batch.activation(name).item(i).data());
            }
            Tensor g = model.backward(one, probe.item(i), RuleMap.GRADIENT).input();
            assertThat(g.data()).as("input gradient of image %d", i).isEqualTo(batchGrad.item(i).data());
            single.add(model.parameterGradients(one, probe.item(i)));
        }
        // parameter gradients sum over the batch: equal to the per-image sum up to float rounding
        for (Map.Entry<String, List<Tensor>> e : batchParams.byNode().entrySet()) {
            for (int p = 0; p < e.getValue().size(); p++) {
                Tensor sum = Tensor.zeros(e.getValue().get(p).shape());
                for (Gradients s : single) {
                    sum.addInPlace(s.of(e.getKey()).get(p));
                }
                assertWithin(e.getKey() + " param " + p, e.getValue().get(p), sum, 1e-5 * sum.absMax());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnistnet", "resnet-mini"})
    void twoThreadsAreDeterministicAndAgreeWithOneThread(String arch) {
        Model model = model(arch);
        Tensor x = Tensor.randn(new Random(5), 1, 4, 1, 28, 28);
        Tensor probe = Tensor.randn(new Random(6), 1, 4, 10);
        List<List<Tensor>> serial = results(model, x, probe, Parallel.serial());
        List<List<Tensor>> twoA = results(model, x, probe, Parallel.of(2));
        List<List<Tensor>> twoB = results(model, x, probe, Parallel.of(2));
        assertThat(twoA).hasSameSizeAs(serial);
        for (int i = 0; i < serial.size(); i++) {
            // a group's tensors share one scale: a convolution bias before a training-mode batch norm has an
            // exactly zero gradient, so its float values are round-off at the level of the weight gradient
            double scale = serial.get(i).stream().mapToDouble(Tensor::absMax).max().orElse(0);
            for (int k = 0; k < serial.get(i).size(); k++) {
                assertThat(twoB.get(i).get(k).data()).as("result %d.%d, two runs on 2 threads", i, k)
                        .isEqualTo(twoA.get(i).get(k).data());
                assertWithin("result " + i + "." + k + ", 1 vs 2 threads", twoA.get(i).get(k), serial.get(i).get(k),
                        1e-5 * scale);
            }
        }
    }

    /** Training-mode logits, the input gradient, and each node's parameter gradients, as groups of one scale. */
    private static List<List<Tensor>> results(Model model, Tensor x, Tensor probe, Parallel parallel) {
        Trace trace = model.forward(x, ForwardOptions.training(8, parallel));
        List<List<Tensor>> out = new ArrayList<>();
        out.add(List.of(trace.output()));
        out.add(List.of(model.backward(trace, probe, RuleMap.GRADIENT).input()));
        out.addAll(model.parameterGradients(trace, probe).byNode().values());
        return out;
    }

    /** {@code |a − b| ≤ bound} elementwise. */
    private static void assertWithin(String what, Tensor actual, Tensor expected, double bound) {
        assertThat(actual.shape()).containsExactly(expected.shape());
        for (int i = 0; i < actual.size(); i++) {
            assertThat((double) Math.abs(actual.data()[i] - expected.data()[i])).as("%s [%d]", what, i)
                    .isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void unknownLayerNameListsTheValidNames() {
        Model model = model("seednet");
        Trace trace = model.forward(Tensor.zeros(1, 1, 28, 28));
        for (Runnable r : List.<Runnable>of(() -> model.indexOf("conv3"), () -> trace.activation("conv3"),
                () -> model.backward(trace, Map.of("conv3", Tensor.zeros(1)), RuleMap.GRADIENT, Parallel.serial()))) {
            assertThatThrownBy(r::run).isInstanceOf(LoupeException.class)
                    .hasMessage("no layer named 'conv3'; layers are: conv1, pool1, relu1, conv2, pool2, relu2, "
                            + "flatten, fc1, relu3, fc2");
        }
    }

    @Test
    void inputShapeMismatchIsAClearError() {
        Model model = model("seednet");
        assertThatThrownBy(() -> model.forward(Tensor.zeros(2, 1, 27, 28))).isInstanceOf(LoupeException.class)
                .hasMessage("input of shape [2, 1, 27, 28] does not fit the model seednet, which takes [N, 1, 28, 28] "
                        + "images");
        assertThatThrownBy(() -> model.predict(Tensor.zeros(1, 28, 28))).isInstanceOf(LoupeException.class)
                .hasMessageContaining("[1, 28, 28]").hasMessageContaining("[N, 1, 28, 28]");
        assertThatThrownBy(() -> model.predict(Tensor.zeros(1, 3, 28, 28))).isInstanceOf(LoupeException.class)
                .hasMessageContaining("[1, 3, 28, 28]");
    }
}
