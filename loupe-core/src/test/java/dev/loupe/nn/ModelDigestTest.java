package dev.loupe.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The model digest (provenance) must tell apart models that compute different functions. */
class ModelDigestTest {
    private static Model with(Layer layer, int channels) {
        return Model.builder("m", channels, 8, 8).add("l", layer).build();
    }

    @Test
    void layerOptionsChangeTheDigest() {
        Tensor w = Tensor.full(0.1f, 2, 2, 3, 3), b = Tensor.zeros(2);
        List<Model> models = List.of(
                with(new MaxPool2d(PoolWindow.of(3)), 2),
                with(new MaxPool2d(PoolWindow.of(3, 3, 1)), 2),
                with(new MaxPool2d(new PoolWindow(3, 3, 3, 3, 0, 0, 1, 1, true)), 2),
                with(new MaxPool2d(new PoolWindow(3, 3, 3, 3, 0, 0, 2, 2, false)), 2),
                with(new MaxPool2d(new PoolWindow(3, 3, 3, 2, 0, 0, 1, 1, false)), 2),
                with(new AvgPool2d(PoolWindow.of(3, 3, 1), true), 2),
                with(new AvgPool2d(PoolWindow.of(3, 3, 1), false), 2),
                with(new AvgPool2d(new PoolWindow(3, 3, 3, 3, 1, 1, 1, 1, true), false), 2),
                with(new BatchNorm2d(Tensor.full(1, 2), Tensor.zeros(2), Tensor.zeros(2), Tensor.full(1, 2), 1e-5, 0.1), 2),
                with(new BatchNorm2d(Tensor.full(1, 2), Tensor.zeros(2), Tensor.zeros(2), Tensor.full(1, 2), 1e-3, 0.1), 2),
                with(new Conv2d(new ConvGeometry(2, 2, 3, 3, 2, 2, 1, 1, 1, 1, 1), w, b), 2),
                with(new Conv2d(new ConvGeometry(2, 2, 3, 3, 2, 1, 1, 1, 1, 1, 1), w, b), 2),
                with(new Conv2d(new ConvGeometry(2, 2, 3, 3, 2, 2, 1, 0, 1, 1, 1), w, b), 2),
                with(new Conv2d(new ConvGeometry(2, 2, 3, 3, 2, 2, 1, 1, 2, 1, 1), w, b), 2));
        Set<String> digests = new HashSet<>();
        for (Model m : models) {
            assertThat(digests.add(m.digest())).as("digest of %s is unique", m.nodes().get(0).layer().describe())
                    .isTrue();
        }
    }

    @Test
    void defaultDescriptionsStayShort() {
        assertThat(new MaxPool2d(PoolWindow.of(2)).describe()).isEqualTo("MaxPool2d(2)");
        assertThat(new AvgPool2d(PoolWindow.of(2), true).describe()).isEqualTo("AvgPool2d(2)");
        assertThat(BatchNorm2d.fresh(8).describe()).isEqualTo("BatchNorm2d(8)");
        assertThat(new AvgPool2d(new PoolWindow(3, 3, 2, 2, 1, 1, 1, 1, true), false).describe())
                .isEqualTo("AvgPool2d(3, s2, p1, ceil, exclude pad)");
    }
}
