package dev.loupe.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.nn.Linear;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {
    /** A model whose logits are its 3 inputs (identity weights), so the prediction is the input's argmax. */
    private static final Model IDENTITY = Model.builder("identity", 3)
            .add("fc", new Linear(Tensor.of(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3), null)).build();

    @Test
    void countsTrueAgainstPredictedInBatches() {
        Tensor logits = Tensor.of(new float[] {
            5, 1, 1,   // true 0, predicted 0
            1, 5, 1,   // true 0, predicted 1
            1, 1, 5,   // true 2, predicted 2
            2, 2, 1,   // true 1, tie → first maximum, predicted 0
            0, 9, 0,   // true 1, predicted 1
            0, 0, 1,   // true 2, predicted 2
        }, 6, 3);
        int[] labels = {0, 0, 2, 1, 1, 2};
        Evaluation e = Evaluation.of(IDENTITY, logits, labels, List.of("cat", "dog", "bird"), 4, Parallel.serial());
        assertThat(e.confusion()).isEqualTo(new int[][] {{1, 1, 0}, {1, 1, 0}, {0, 0, 2}});
        assertThat(e.total()).isEqualTo(6);
        assertThat(e.correct()).isEqualTo(4);
        assertThat(e.accuracy()).isEqualTo(4.0 / 6);
        assertThat(e.recall(2)).isEqualTo(1.0);
        String text = e.format();
        assertThat(text.lines().findFirst()).hasValue("accuracy: 0.6667 (4/6)");
        assertThat(text).contains("cat               1  1  0   0.5000")
                .contains("bird              0  0  2   1.0000")
                .contains("columns: 0=cat, 1=dog, 2=bird");
        assertThat(e.toString()).isEqualTo(text);
    }

    @Test
    void takesImagesLabelsAndClassNamesFromADataset() {
        Tensor logits = Tensor.of(new float[] {0, 0, 1, 0, 1, 0}, 2, 1, 1, 3);
        Model model = Model.builder("identity", 1, 1, 3).add("flatten", new dev.loupe.nn.Flatten())
                .add("fc", new Linear(Tensor.of(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3), null)).build();
        dev.loupe.data.Dataset data = new dev.loupe.data.Dataset(logits, new int[] {2, 0}, List.of("x", "y", "z"),
                "hand-made");
        Evaluation e = Evaluation.of(model, data, 1, Parallel.serial());
        assertThat(e.classNames()).containsExactly("x", "y", "z");
        assertThat(e.confusion()).isEqualTo(new int[][] {{0, 1, 0}, {0, 0, 0}, {0, 0, 1}});
    }

    @Test
    void numbersTheClassesWithoutNames() {
        Evaluation e = new Evaluation(new int[][] {{3, 0}, {1, 6}}, List.of("0", "1"));
        assertThat(e.accuracy()).isEqualTo(0.9);
        assertThat(e.format()).startsWith("accuracy: 0.9000 (9/10)").doesNotContain("columns:");
    }

    @Test
    void rejectsMismatchedLabelsAndNames() {
        assertThatThrownBy(() -> Evaluation.of(IDENTITY, Tensor.zeros(2, 3), new int[3], null, 8, Parallel.serial()))
                .isInstanceOf(LoupeException.class).hasMessageContaining("2 images but 3 labels");
        assertThatThrownBy(() -> Evaluation.of(IDENTITY, Tensor.zeros(1, 3), new int[1], List.of("a"), 8,
                Parallel.serial())).isInstanceOf(LoupeException.class).hasMessageContaining("3 classes but 1");
        assertThatThrownBy(() -> new Evaluation(new int[][] {{1, 2}}, List.of("a")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
