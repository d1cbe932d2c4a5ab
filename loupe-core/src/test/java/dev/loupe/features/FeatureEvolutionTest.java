package dev.loupe.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.LoupeException;
import dev.loupe.explain.propagation.ReLUOverride;
import dev.loupe.data.Dataset;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import dev.loupe.train.Trainer;
import dev.loupe.train.TrainingConfig;
import dev.loupe.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class FeatureEvolutionTest {

    /** Snapshots of seednet taken by the trainer after steps 2 and 4 of a short run on random images. */
    private static List<Snapshot> snapshots(Dataset data) {
        List<Snapshot> out = new ArrayList<>();
        out.add(new Snapshot("start", Architectures.create("seednet", 9)));
        new Trainer(TrainingConfig.sgd(1, 8, 0.5, 0.9, 3, 1), List.of(TrainingListener.everySteps(2,
                p -> out.add(new Snapshot("step " + p.step(), p.snapshot())))))
                .train(out.get(0).model(), data);
        return out;
    }

    @Test
    void strongestActivationPerSnapshotAndUnit() {
        Dataset data = TestNets.random(32, 12);
        List<Snapshot> snaps = snapshots(data);
        assertThat(snaps).extracting(Snapshot::label).containsExactly("start", "step 2", "step 4");
        ActivationProjection projection = new ActivationProjection(ReLUOverride.DECONVNET, UnaryOperator.identity(),
                Parallel.of(2));
        List<int[]> progress = new ArrayList<>();
        FeatureEvolution.Grid grid = FeatureEvolution.strongest(snaps, data, "conv1", projection, 10,
                (d, t) -> progress.add(new int[] {d, t}));
        assertThat(grid.labels()).containsExactly("start", "step 2", "step 4");
        assertThat(progress.get(progress.size() - 1)).containsExactly(96, 96);
        for (int s = 0; s < snaps.size(); s++) {
            Model m = snaps.get(s).model();
            Tensor act = m.forward(data.images()).activation("conv1");
            Tensor w = ((Conv2d) m.node("conv1").layer()).weight();
            for (int unit = 0; unit < 10; unit++) {
                UnitPatches cell = grid.cell(s, unit);
                StrongActivation a = cell.activations().get(0);
                // the strongest value over all images and positions of this snapshot's channel
                float best = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < 32; i++) {
                    for (int p = 0; p < 24 * 24; p++) {
                        best = Math.max(best, act.data()[(i * 10 + unit) * 576 + p]);
                    }
                }
                assertThat(a.value()).isEqualTo(best);
                // its DeconvNet projection is the value times this snapshot's filter
                for (int k = 0; k < 25; k++) {
                    assertThat((double) cell.projections().get(0).data()[k])
                            .isCloseTo(a.value() * w.data()[unit * 25 + k], within(1e-5));
                }
            }
        }
        // training moved the filters, so the grid columns differ
        assertThat(grid.cell(0, 0).projections().get(0).data()).isNotEqualTo(grid.cell(2, 0).projections().get(0).data());
    }

    @Test
    void featureMapsOfOneImage() {
        Dataset data = TestNets.random(16, 3);
        List<Snapshot> snaps = snapshots(data);
        FeatureEvolution.FeatureMaps maps = FeatureEvolution.featureMaps(snaps, data.image(5), "relu2",
                UnaryOperator.identity(), Parallel.serial());
        assertThat(maps.maps()).hasSize(snaps.size());
        for (int s = 0; s < snaps.size(); s++) {
            Tensor expected = snaps.get(s).model().forward(data.image(5)).activation("relu2");
            assertThat(maps.maps().get(s).shape()).containsExactly(20, 4, 4);
            assertThat(maps.maps().get(s).data()).containsExactly(expected.data());
        }
    }

    @Test
    void badRequests() {
        Dataset data = TestNets.random(4, 3);
        ActivationProjection projection = new ActivationProjection(ReLUOverride.DECONVNET, UnaryOperator.identity(),
                Parallel.serial());
        assertThatThrownBy(() -> FeatureEvolution.strongest(List.of(), data, "conv1", projection, 4,
                ProgressListener.NONE)).isInstanceOf(LoupeException.class).hasMessage("no training snapshots given");
        List<Snapshot> one = List.of(new Snapshot("epoch 1", Architectures.create("seednet", 1)));
        assertThatThrownBy(() -> FeatureEvolution.strongest(one, data, "conv3", projection, 4, ProgressListener.NONE))
                .isInstanceOf(LoupeException.class).hasMessageStartingWith("snapshot 'epoch 1' has no layer named 'conv3'");
        assertThatThrownBy(() -> new Snapshot(" ", Architectures.create("seednet", 1)))
                .isInstanceOf(LoupeException.class);
    }
}
