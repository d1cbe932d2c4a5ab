package dev.loupe.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.data.Dataset;
import dev.loupe.explain.propagation.ReLUOverride;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class FeatureFiguresTest {

    @Test
    void contrastMapsZeroToGreyAndTheLargestMagnitudeToAnEnd() {
        Tensor t = FeatureFigures.contrast(Tensor.of(new float[] {-2, 0, 1}, 1, 1, 3));
        assertThat(t.data()).containsExactly(0f, 0.5f, 0.75f);
        assertThat(FeatureFigures.contrast(Tensor.zeros(1, 2, 2)).data()).containsOnly(0.5f);
    }

    @Test
    void topPatchFigureHasOnePanelPairPerUnit() {
        Model model = Architectures.create("seednet", 3);
        Dataset data = TestNets.random(12, 2);
        TopActivations top = new TopActivationSearch(List.of("conv2"), 9, 12).run(model, data,
                UnaryOperator.identity(), Parallel.of(2), ProgressListener.NONE);
        List<UnitPatches> units = TopPatches.of(model, data, top, "conv2",
                new ActivationProjection(ReLUOverride.DECONVNET, UnaryOperator.identity(), Parallel.of(2)));
        assertThat(units).hasSize(20);
        assertThat(units.get(4).patches().get(0).shape()).containsExactly(1, 14, 14);
        BufferedImage fig = FeatureFigures.topPatches(units.subList(0, 4), 2, 2);
        // two panel pairs per row, each panel 3 tiles of 14x14 at scale 2
        assertThat(fig.getWidth()).isGreaterThan(4 * 3 * 28);
        assertThat(fig.getHeight()).isGreaterThan(2 * 3 * 28);
        var maps = FeatureEvolution.featureMaps(List.of(new Snapshot("a", model), new Snapshot("b", model)),
                data.image(0), "pool1", UnaryOperator.identity(), Parallel.serial());
        BufferedImage mapFigure = FeatureFigures.featureMaps(maps, 2);
        // ten units down, each a 12x12 map at scale 2, two snapshots across
        assertThat(mapFigure.getHeight()).isGreaterThan(10 * 24);
        assertThat(mapFigure.getWidth()).isGreaterThan(2 * 24);
        BufferedImage filters = FeatureFigures.filters("conv1", FilterBank.filters(model, "conv1"), 5, 4);
        assertThat(filters.getWidth()).isGreaterThan(5 * 20);
    }
}
