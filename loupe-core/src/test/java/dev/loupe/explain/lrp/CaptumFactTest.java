package dev.loupe.explain.lrp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.explain.Attribution;
import dev.loupe.explain.Target;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Flatten;
import dev.loupe.nn.Linear;
import dev.loupe.nn.LinearLayer;
import dev.loupe.nn.Model;
import dev.loupe.nn.ReLU;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A hand-computed case from Captum's LRP tests ({@code BasicModel_ConvNet_One_Conv}): Conv2d(1, 2, 3) with all-one
 * weights and bias [−50, −75], ReLU, flatten, Linear(8, 4) with weights [ones(4, 5) | −ones(4, 3)] and zero bias,
 * ReLU; input arange(16) as 1×1×4×4; LRP-ε with ε = 1e-9 on every layer, target = the predicted class (0, logit 54).
 * By hand: only the conv output at (0, 1) of channel 0 keeps a share (s = 1), and it returns its 3×3 window of
 * the input.
 */
class CaptumFactTest {

    @Test
    void epsilonOnOneConvNetReturnsTheWindowOfTheSingleActiveUnit() {
        float[] fc = new float[32];
        for (int o = 0; o < 4; o++) {
            for (int i = 0; i < 8; i++) {
                fc[o * 8 + i] = i < 5 ? 1f : -1f;
            }
        }
        Model model = Model.builder("BasicModel_ConvNet_One_Conv", 1, 4, 4)
                .add("conv1", new Conv2d(ConvGeometry.square(1, 2, 3, 1, 0), Tensor.full(1f, 2, 1, 3, 3),
                        Tensor.of(new float[] {-50, -75}, 2)))
                .add("relu1", new ReLU()).add("flatten", new Flatten())
                .add("fc1", new Linear(Tensor.wrap(fc, 4, 8), Tensor.zeros(4))).add("relu2", new ReLU()).build();
        float[] x = new float[16];
        for (int i = 0; i < 16; i++) {
            x[i] = i;
        }
        LrpExplainer lrp = new LrpExplainer("lrp.epsilon",
                Composite.lrp(1e-9).kind(LinearLayer.class, new Epsilon(1e-9)).build(), Map.of(), Parallel.serial());
        Attribution a = lrp.explain(model, Tensor.wrap(x, 1, 1, 4, 4), new Target.Predicted());
        assertThat(a.scores()[0]).isEqualTo(54.0);
        float[] expected = {0, 1, 2, 3, 0, 5, 6, 7, 0, 9, 10, 11, 0, 0, 0, 0};
        for (int i = 0; i < 16; i++) {
            assertThat(a.map().data()[i]).as("pixel %d", i).isCloseTo(expected[i],
                    org.assertj.core.data.Offset.offset(1e-5f));
        }
    }
}
