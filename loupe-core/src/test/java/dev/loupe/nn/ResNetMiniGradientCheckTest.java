package dev.loupe.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.nn.DoubleReference.D;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole-model gradient check of {@code resnet-mini} (convolutions, batch norm, residual adds, global average
 * pooling, a dense head): the input gradient of the backward walk and every trainable parameter tensor's gradient
 * from {@link Model#parameterGradients} against central finite differences of the double-precision oracle
 * {@link DoubleReference#run}, in inference mode and in training mode (batch statistics). Every input element is
 * checked; each parameter tensor is checked at all of its elements when small, else at about 10 spread indices.
 */
class ResNetMiniGradientCheckTest {
    private static final double RTOL = 1e-4;
    private static final double ATOL = 1e-5;

    @ParameterizedTest(name = "training={0}")
    @ValueSource(booleans = {false, true})
    void everyGradientMatchesDoubleFiniteDifferences(boolean training) {
        Random random = new Random(22);
        Model model = Architectures.create("resnet-mini", new int[] {1, 4, 4}, 10, 5);
        randomizeBatchNorms(model, random);
        Tensor x = Tensor.randn(random, 1, 2, 1, 4, 4);
        Tensor probe = Tensor.randn(random, 1, 2, 10);
        Parallel parallel = Parallel.serial();
        Trace trace = model.forward(x, new ForwardOptions(training, 3, parallel));

        Map<String, List<double[]>> params = new HashMap<>();
        for (Node n : model.nodes()) {
            params.put(n.name(), DoubleReference.parameters(n.layer()));
        }
        D input = D.of(x);
        DoubleSupplier f = () -> DoubleReference.run(model, input, params, training, trace::state)
                .get(model.outputName()).dot(probe);

        Map<String, D> reference = DoubleReference.run(model, input, params, training, trace::state);
        FiniteDifferences.assertMatches("logits", trace.output().data(), reference.get(model.outputName()).data(),
                1e-5, 1e-6);
        for (Node n : model.nodes()) {
            if (n.layer() instanceof ReLU) {
                for (double v : reference.get(n.inputs().get(0)).data()) {
                    assertThat(Math.abs(v)).as("ReLU %s input away from the kink", n.name()).isGreaterThan(1e-5);
                }
            }
        }

        Tensor inputGrad = model.backward(trace, probe, RuleMap.GRADIENT).input();
        FiniteDifferences.assertMatches("d/dinput", inputGrad.data(), FiniteDifferences.gradient(input.data(), f),
                RTOL, ATOL);

        Gradients grads = model.parameterGradients(trace, probe);
        int checkedTensors = 0;
        for (Node n : model.nodes()) {
            List<Parameter> ps = n.layer().parameters();
            List<Tensor> g = grads.of(n.name());
            int t = 0;
            double weightScale = 0;
            for (int p = 0; p < ps.size(); p++) {
                if (!ps.get(p).trainable()) {
                    continue;
                }
                double[] values = params.get(n.name()).get(p);
                int[] idx = values.length <= 40 ? FiniteDifferences.all(values.length)
                        : FiniteDifferences.every(values.length, values.length / 10, p + 3);
                // a bias is held to the absolute accuracy of its layer's weight gradient: in training mode a
                // convolution bias followed by batch norm has an exactly zero gradient (the batch mean removes it)
                double scale = FiniteDifferences.assertMatches(n.name() + "." + ps.get(p).name(), g.get(t).data(),
                        idx, FiniteDifferences.gradient(values, idx, f), RTOL, ATOL, weightScale);
                weightScale = Math.max(weightScale, scale);
                t++;
                checkedTensors++;
            }
            assertThat(g).as(n.name()).hasSize(t);
        }
        // 6 convolutions and the dense layer (weight, bias) and 6 batch norms (weight, bias)
        assertThat(checkedTensors).isEqualTo(2 * 7 + 2 * 6);
    }

    @Test
    void seedsAtSeveralNodesAddUp() {
        Random random = new Random(31);
        Model model = Architectures.create("resnet-mini", new int[] {1, 4, 4}, 10, 6);
        randomizeBatchNorms(model, random);
        Tensor x = Tensor.randn(random, 1, 2, 1, 4, 4);
        Trace trace = model.forward(x, ForwardOptions.inference(Parallel.serial()));
        String mid = "block1.relu2";
        Tensor probeOut = Tensor.randn(random, 1, 2, 10);
        Tensor probeMid = Tensor.randn(random, 1, trace.activation(mid).shape());
        Tensor grad = model.backward(trace, Map.of(model.outputName(), probeOut, mid, probeMid), RuleMap.GRADIENT,
                Parallel.serial()).input();

        Map<String, List<double[]>> params = new HashMap<>();
        D input = D.of(x);
        DoubleSupplier f = () -> {
            Map<String, D> run = DoubleReference.run(model, input, params, false, trace::state);
            return run.get(model.outputName()).dot(probeOut) + run.get(mid).dot(probeMid);
        };
        FiniteDifferences.assertMatches("d/dinput of two seeds", grad.data(),
                FiniteDifferences.gradient(input.data(), f), RTOL, ATOL);
    }

    /** Replaces the fresh batch norms' identity statistics by random ones (in place: the test owns the model). */
    static void randomizeBatchNorms(Model model, Random r) {
        for (Node n : model.nodes()) {
            if (n.layer() instanceof BatchNorm2d bn) {
                for (int c = 0; c < bn.channels(); c++) {
                    bn.weight().data()[c] = (float) (0.5 + r.nextDouble());
                    bn.bias().data()[c] = (float) (0.4 * r.nextDouble() - 0.2);
                    bn.runningMean().data()[c] = (float) (0.6 * r.nextDouble() - 0.3);
                    bn.runningVar().data()[c] = (float) (0.5 + 1.5 * r.nextDouble());
                }
            }
        }
    }
}
