package dev.loupe.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Fixing a target on the clean input and repeating it for rows built from the images (paths, noise, masks). */
class TargetRowsTest {
    private final Model model = Architectures.create("seednet", 3);
    private final Tensor input = Tensor.randn(new Random(1), 1f, 3, 1, 28, 28);
    private final Trace trace = model.forward(input);

    @Test
    void predictedAndClassTargetsBecomeOneClassPerImage() {
        Tensor logits = trace.output();
        Target fixed = new Target.Predicted().fixedOn(trace);
        assertThat(fixed).isEqualTo(new Target.PerImage(new int[] {logits.argmax(0), logits.argmax(1),
                logits.argmax(2)}));
        assertThat(new Target.ClassIndex(4).fixedOn(trace)).isEqualTo(new Target.PerImage(new int[] {4, 4, 4}));
        assertThat(new Target.PerImage(new int[] {1, 2, 3}).forRows(new int[] {2, 2, 0, 1}))
                .isEqualTo(new Target.PerImage(new int[] {3, 3, 1, 2}));
        assertThatThrownBy(() -> new Target.ClassIndex(10).fixedOn(trace)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> new Target.Predicted().forRows(new int[] {0}))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void layerTargetsStayAsTheyAre() {
        Target neuron = new Target.Neuron("relu2", 3, 1, 1);
        assertThat(neuron.fixedOn(trace)).isSameAs(neuron);
        assertThat(neuron.forRows(new int[] {0, 0})).isSameAs(neuron);
        Target layer = new Target.WholeLayer("relu1");
        double[] scores = layer.score(trace);
        double[] sums = trace.activation("relu1").sumPerItem();
        assertThat(scores).containsExactly(sums);
        assertThat(layer.seed(trace, false).data()).containsOnly(1f);
    }
}
