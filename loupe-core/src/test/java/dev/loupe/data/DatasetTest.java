package dev.loupe.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {
    private static final List<String> ABC = List.of("a", "b", "c");

    /** Four 2-channel 2 x 3 images; every value of image n is n + (channel * 6 + pixel) / 100. */
    private static Dataset four() {
        float[] x = new float[4 * 2 * 2 * 3];
        for (int n = 0; n < 4; n++) {
            for (int k = 0; k < 12; k++) {
                x[n * 12 + k] = n + k / 100f;
            }
        }
        return new Dataset(Tensor.wrap(x, 4, 2, 2, 3), new int[] {0, 2, 1, 2}, ABC, "toy");
    }

    @Test
    void reportsItsShape() {
        Dataset d = four();
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.channels()).isEqualTo(2);
        assertThat(d.height()).isEqualTo(2);
        assertThat(d.width()).isEqualTo(3);
        assertThat(d.classCount()).isEqualTo(3);
        assertThat(d.classHistogram()).containsExactly(1, 1, 2);
        assertThat(d.toString()).isEqualTo("Dataset[toy, 4 x 2x2x3, 3 classes]");
    }

    @Test
    void imageIsACopyOfOneImage() {
        Dataset d = four();
        Tensor img = d.image(2);
        assertThat(img.shape()).containsExactly(1, 2, 2, 3);
        assertThat(img.get(0, 1, 1, 2)).isEqualTo(2 + 11 / 100f);
        img.fill(-1);
        assertThat(d.images().get(2, 0, 0, 0)).isEqualTo(2f);
    }

    @Test
    void batchAndSelectFollowTheIndexOrder() {
        Dataset d = four();
        int[] idx = {3, 0, 3};
        Tensor b = d.batch(idx);
        assertThat(b.shape()).containsExactly(3, 2, 2, 3);
        assertThat(b.get(0, 0, 0, 0)).isEqualTo(3f);
        assertThat(b.get(1, 1, 0, 1)).isEqualTo(7 / 100f);
        assertThat(b.get(2, 0, 0, 0)).isEqualTo(3f);
        Dataset s = d.select(idx);
        assertThat(s.labels()).containsExactly(2, 0, 2);
        assertThat(s.images().data()).isEqualTo(b.data());
        assertThat(s.classNames()).isEqualTo(ABC);
    }

    @Test
    void subsetIsAContiguousRange() {
        Dataset s = four().subset(1, 3);
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.labels()).containsExactly(2, 1);
        assertThat(s.images().get(0, 0, 0, 0)).isEqualTo(1f);
        assertThat(s.images().get(1, 0, 0, 0)).isEqualTo(2f);
        assertThat(four().subset(2, 2).size()).isZero();
        assertThatThrownBy(() -> four().subset(3, 5)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void labelsAreCopiedDefensively() {
        int[] labels = {0, 1};
        Dataset d = new Dataset(Tensor.zeros(2, 1, 1, 1), labels, ABC, "x");
        labels[0] = 2;
        assertThat(d.label(0)).isZero();
        d.labels()[1] = 2;
        assertThat(d.label(1)).isEqualTo(1);
    }

    @Test
    void shapesAndLabelsAreValidated() {
        assertThatThrownBy(() -> new Dataset(Tensor.zeros(2, 4), new int[2], ABC, "flat"))
                .hasMessage("flat: images must be [N, C, H, W], got [2, 4]");
        assertThatThrownBy(() -> new Dataset(Tensor.zeros(2, 1, 2, 2), new int[3], ABC, "x"))
                .hasMessage("x: 2 images but 3 labels");
        assertThatThrownBy(() -> new Dataset(Tensor.zeros(1, 1, 2, 2), new int[] {3}, ABC, "x"))
                .hasMessage("x: label 3 of image 0 is outside [0, 3)");
        assertThatThrownBy(() -> new Dataset(Tensor.zeros(1, 1, 2, 2), new int[1], List.of(), "x"))
                .hasMessage("x: no class names");
        assertThatThrownBy(() -> new Dataset(Tensor.zeros(1, 0, 2, 2), new int[1], ABC, "x"))
                .hasMessageContaining("empty image dimensions");
        assertThatThrownBy(() -> four().batch(new int[] {4})).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
