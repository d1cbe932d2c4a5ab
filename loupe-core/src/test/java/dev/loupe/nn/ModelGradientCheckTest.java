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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole-model gradient checks of every built-in architecture at its real 1×28×28 size: the backward walk's input
 * gradient, and for the smaller nets every trainable parameter tensor's gradient, against central finite
 * differences of the double-precision oracle {@link DoubleReference#run} of a random linear functional of the
 * logits. (resnet-mini is checked exhaustively on small images in {@link ResNetMiniGradientCheckTest}.)
 */
class ModelGradientCheckTest {
    private static final double RTOL = 1e-4;
    private static final double ATOL = 1e-5;

    @ParameterizedTest
    @ValueSource(strings = {"seednet", "mnistnet", "resnet-mini", "allconv"})
    void gradientsMatchDoubleFiniteDifferences(String arch) {
        Model model = Architectures.create(arch, 7);
        ResNetMiniGradientCheckTest.randomizeBatchNorms(model, new Random(8));
        Random random = new Random(3);
        Tensor x = Tensor.randn(random, 1f, 1, 1, 28, 28);
        Tensor probe = Tensor.randn(random, 1f, 1, 10);
        Trace trace = model.forward(x, ForwardOptions.inference(Parallel.serial()));

        Map<String, List<double[]>> params = new HashMap<>();
        for (Node n : model.nodes()) {
            params.put(n.name(), DoubleReference.parameters(n.layer()));
        }
        D input = D.of(x);
        Map<String, D> reference = DoubleReference.run(model, input, params, false, trace::state);
        FiniteDifferences.assertMatches(arch + " logits", trace.output().data(),
                reference.get(model.outputName()).data(), 1e-5, 1e-6);
        DoubleSupplier f = () -> DoubleReference.run(model, input, params, false, trace::state)
                .get(model.outputName()).dot(probe);

        int[] pixels = FiniteDifferences.every(x.size(), 61, 5);
        Tensor grad = model.backward(trace, probe, RuleMap.GRADIENT).input();
        FiniteDifferences.assertMatches(arch + " d/dinput", grad.data(), pixels,
                FiniteDifferences.gradient(input.data(), pixels, f), RTOL, ATOL);

        if (arch.equals("seednet") || arch.equals("allconv")) {
            Gradients grads = model.parameterGradients(trace, probe);
            for (Node n : model.nodes()) {
                List<Tensor> g = grads.of(n.name());
                for (int p = 0; p < g.size(); p++) {
                    double[] values = params.get(n.name()).get(p);
                    int[] idx = FiniteDifferences.every(values.length, Math.max(1, values.length / 8), 1);
                    FiniteDifferences.assertMatches(arch + " " + n.name() + "." + p, g.get(p).data(), idx,
                            FiniteDifferences.gradient(values, idx, f), RTOL, ATOL);
                }
                assertThat(g).as(n.name()).hasSize(n.layer().parameters().size());
            }
        }
    }
}
