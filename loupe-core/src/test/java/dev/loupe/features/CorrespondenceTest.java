package dev.loupe.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.LoupeException;
import dev.loupe.data.Dataset;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorrespondenceTest {

    @Test
    void handComputedScore() {
        // signs: [1, −1, 0, 1], [1, 1, 0, −1], [−1, −1, 1, 1]; H(1,2) = 2, H(1,3) = 2, H(2,3) = 4
        Tensor eps = Tensor.of(new float[] {1, -2, 0, 3, 2, 1, 0, -1, -1, -1, 5, 2}, 3, 4);
        Correspondence.Score s = Correspondence.score(eps);
        assertThat(s.delta()).isEqualTo(16.0);
        assertThat(s.normalised()).isCloseTo(16.0 / (3 * 2 * 4), within(1e-12));
        assertThat(Correspondence.score(Tensor.of(new float[] {1, -1, 2, -3}, 2, 2)).delta()).isZero();
    }

    @Test
    void theSameBoxInTheSameImageCorrespondsPerfectly() {
        Model model = Architectures.create("seednet", 6);
        Dataset one = TestNets.random(1, 2);
        Tensor images = one.select(new int[] {0, 0, 0, 0}).images();
        List<Correspondence.Row> rows = Correspondence.measure(model, images, t -> t, new Box(8, 8, 6, 6),
                List.of("conv1", "relu2", "fc2"), 3, 17, 0f, Parallel.of(2));
        assertThat(rows).extracting(Correspondence.Row::layer).containsExactly("conv1", "relu2", "fc2");
        for (Correspondence.Row r : rows) {
            assertThat(r.masked().delta()).as(r.layer()).isZero();
            assertThat(r.random().delta()).as(r.layer()).isPositive();
            assertThat(r.random().normalised()).isBetween(0.0, 1.0);
        }
        // the box changes only the conv1 outputs whose 5x5 field overlaps it: (6 + 4)² positions of 24² per channel
        Tensor diff = model.forward(images.item(0)).activation("conv1")
                .minus(model.forward(new Box(8, 8, 6, 6).maskImage(images, 0, 0f)).activation("conv1"));
        long changed = 0;
        for (float v : diff.data()) {
            changed += v != 0 ? 1 : 0;
        }
        assertThat(changed).isLessThanOrEqualTo(10L * 10 * 10);
    }

    @Test
    void badBoxesAndTooFewImages() {
        Model model = Architectures.create("seednet", 6);
        Tensor images = TestNets.random(2, 2).images();
        assertThatThrownBy(() -> Correspondence.measure(model, images, t -> t, new Box(20, 20, 10, 10),
                List.of("conv1"), 1, 1, 0f, Parallel.serial())).isInstanceOf(LoupeException.class)
                .hasMessage("the 10x10 box at (20, 20) does not fit the 28x28 images");
        assertThatThrownBy(() -> Correspondence.measure(model, images.item(0), t -> t, new Box(2, 2, 3, 3),
                List.of("conv1"), 1, 1, 0f, Parallel.serial())).isInstanceOf(LoupeException.class)
                .hasMessage("correspondence needs at least two images, got 1");
        assertThatThrownBy(() -> new Box(0, 0, 0, 3)).isInstanceOf(LoupeException.class);
    }
}
