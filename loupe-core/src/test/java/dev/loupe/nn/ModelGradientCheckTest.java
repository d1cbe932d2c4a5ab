package dev.loupe.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole-model gradient checks: the backward walk's input gradient and parameter gradients against central finite
 * differences of a random linear functional of the logits, accumulated in double.
 */
class ModelGradientCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"seednet", "mnistnet", "resnet-mini", "allconv"})
    void inputGradientMatchesFiniteDifferences(String arch) {
        Model model = Architectures.create(arch, 7);
        Random random = new Random(3);
        Tensor x = Tensor.randn(random, 1f, 2, 1, 28, 28);
        Tensor probe = Tensor.randn(random, 1f, 2, 10);
        Trace trace = model.forward(x, ForwardOptions.inference(Parallel.serial()));
        Tensor grad = model.backward(trace, probe, RuleMap.GRADIENT).input();
        float h = 1e-2f;
        int checked = 0;
        for (int i = 0; i < x.size(); i += 97) {
            float keep = x.data()[i];
            x.data()[i] = keep + h;
            double up = dot(model.predict(x), probe);
            x.data()[i] = keep - h;
            double down = dot(model.predict(x), probe);
            x.data()[i] = keep;
            double numeric = (up - down) / (2 * h);
            assertThat(grad.data()[i]).as("%s d/dx[%d]", arch, i)
                    .isCloseTo((float) numeric, org.assertj.core.data.Offset.offset(
                            (float) (2e-2 * Math.max(1, Math.abs(numeric)))));
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += (double) a.data()[i] * b.data()[i];
        }
        return s;
    }
}
