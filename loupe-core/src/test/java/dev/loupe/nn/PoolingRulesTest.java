package dev.loupe.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed cases of the max-pool switch rule (first maximum in row-major order) and of dropout masks. */
class PoolingRulesTest {

    private static Step run(Layer layer, Tensor x, ForwardOptions options) {
        LayerOutput out = layer.forward(List.of(x), options);
        return new Step(new Node("l", layer, List.of(Model.INPUT)), List.of(x), out.value(), out.state(),
                options.parallel());
    }

    @Test
    void tiesGoToTheFirstMaximumInRowMajorOrder() {
        // window 1: [[1, 3], [3, 2]] → the 3 at (0, 1); window 2: all 5 → (0, 2); window 3: [[0, 7], [7, 7]] → (3, 1);
        // window 4: [[-1, -1], [-1, -1]] → (2, 2)
        Tensor x = Tensor.of(new float[] {
            1, 3, 5, 5,
            3, 2, 5, 5,
            0, 7, -1, -1,
            7, 7, -1, -1}, 1, 1, 4, 4);
        Step step = run(new MaxPool2d(PoolWindow.of(2)), x, ForwardOptions.inference(Parallel.serial()));
        assertThat(step.output().data()).containsExactly(3, 5, 7, -1);
        assertThat(((LayerState.PoolSwitches) step.state()).argmax()).containsExactly(1, 2, 9, 10);
        Tensor g = step.layer().backward(step, Tensor.of(new float[] {10, 20, 30, 40}, 1, 1, 2, 2)).get(0);
        assertThat(g.data()).containsExactly(
                0, 10, 20, 0,
                0, 0, 0, 0,
                0, 30, 40, 0,
                0, 0, 0, 0);
    }

    @Test
    void uniformBackgroundWithOverlappingWindowsAndPadding() {
        // 3×3 windows, stride 2, padding 1 on a constant negative 4×4 image: padding never wins, each window's
        // first in-bounds element is the switch, and overlapping windows add their signals
        Tensor x = Tensor.full(-0.4242f, 1, 1, 4, 4);
        Step step = run(new MaxPool2d(PoolWindow.of(3, 2, 1)), x, ForwardOptions.inference(Parallel.serial()));
        assertThat(step.output().shape()).containsExactly(1, 1, 2, 2);
        assertThat(step.output().data()).containsOnly(-0.4242f);
        // window (0,0) covers rows/cols -1..1 → first in-bounds (0,0); (0,1) covers cols 1..3 → (0,1);
        // (1,0) rows 1..3 → (1,0); (1,1) → (1,1)
        assertThat(((LayerState.PoolSwitches) step.state()).argmax()).containsExactly(0, 1, 4, 5);
        Tensor g = step.layer().backward(step, Tensor.full(1f, 1, 1, 2, 2)).get(0);
        assertThat(g.sum()).isEqualTo(4.0);
        assertThat(g.data()[0]).isEqualTo(1f);
        assertThat(g.data()[5]).isEqualTo(1f);
    }

    @Test
    void dropoutMaskIsSeededReplayedAndScaled() {
        Dropout dropout = new Dropout(0.3);
        Tensor x = Tensor.full(2f, 4, 50, 10);
        Step a = run(dropout, x, ForwardOptions.training(42, Parallel.serial()));
        Step b = run(dropout, x, ForwardOptions.training(42, Parallel.serial()));
        Step c = run(dropout, x, ForwardOptions.training(43, Parallel.serial()));
        Tensor mask = ((LayerState.DropoutMask) a.state()).mask();
        float keep = (float) (1 / 0.7);
        int dropped = 0;
        for (int i = 0; i < mask.size(); i++) {
            assertThat(mask.data()[i]).isIn(0f, keep);
            assertThat(a.output().data()[i]).isEqualTo(2f * mask.data()[i]);
            dropped += mask.data()[i] == 0f ? 1 : 0;
        }
        assertThat(dropped / 2000.0).isBetween(0.25, 0.35);
        assertThat(b.output().data()).isEqualTo(a.output().data());
        assertThat(c.output().data()).isNotEqualTo(a.output().data());
        // the backward step replays the recorded mask
        Tensor g = Tensor.full(1f, 4, 50, 10);
        assertThat(dropout.backward(a, g).get(0).data()).isEqualTo(mask.data());
        // inference is the identity, in both directions
        Step inference = run(dropout, x, ForwardOptions.inference(Parallel.serial()));
        assertThat(inference.output().data()).isEqualTo(x.data());
        assertThat(dropout.backward(inference, g).get(0).data()).isEqualTo(g.data());
    }
}
