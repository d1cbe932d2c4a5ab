package dev.loupe.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.LoupeException;
import dev.loupe.explain.propagation.ReLUOverride;
import dev.loupe.data.Dataset;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TopActivationSearchTest {

    /** 40 random images; images 30..39 repeat images 0..9, so every unit sees exact ties. */
    private static Dataset withTies() {
        Dataset base = TestNets.random(30, 5);
        int[] idx = new int[40];
        for (int i = 0; i < 40; i++) {
            idx[i] = i < 30 ? i : i - 30;
        }
        return base.select(idx);
    }

    @Test
    void streamingSearchEqualsBruteForce() {
        Model model = Architectures.create("seednet", 3);
        Dataset data = withTies();
        List<String> layers = List.of("conv1", "relu2", "fc1");
        List<int[]> progress = new ArrayList<>();
        TopActivations top = new TopActivationSearch(layers, 9, 7).run(model, data, UnaryOperator.identity(),
                Parallel.of(2), (done, total) -> progress.add(new int[] {done, total}));

        Tensor all = data.images();
        var trace = model.forward(all);
        for (String layer : layers) {
            Tensor act = trace.activation(layer);
            int[] s = model.shapeOf(layer);
            int c = s[0], h = s.length == 3 ? s[1] : 1, w = s.length == 3 ? s[2] : 1;
            assertThat(top.units(layer)).isEqualTo(c);
            for (int unit = 0; unit < c; unit++) {
                List<StrongActivation> expected = bruteForce(act, unit, c, h, w, 9);
                assertThat(top.of(layer, unit)).as("%s unit %d", layer, unit).containsExactlyElementsOf(expected);
            }
        }
        // ties: a repeated image never pushes out or precedes its earlier copy
        for (int unit = 0; unit < 10; unit++) {
            List<Integer> images = top.of("conv1", unit).stream().map(StrongActivation::image).toList();
            for (int i = 0; i < images.size(); i++) {
                if (images.get(i) >= 30) {
                    assertThat(images.subList(0, i)).contains(images.get(i) - 30);
                }
            }
        }
        assertThat(progress).hasSize(6);
        assertThat(progress.get(0)).containsExactly(7, 40);
        assertThat(progress.get(5)).containsExactly(40, 40);
    }

    @Test
    void residualGraphEqualsBruteForce() {
        Model model = Architectures.create("resnet-mini", 4);
        Dataset data = TestNets.random(14, 3);
        List<String> layers = List.of("block1.add", "block2.relu2", "gap");
        TopActivations top = new TopActivationSearch(layers, 5, 4).run(model, data, UnaryOperator.identity(),
                Parallel.of(2), ProgressListener.NONE);
        var trace = model.forward(data.images());
        for (String layer : layers) {
            int[] s = model.shapeOf(layer);
            for (int unit = 0; unit < s[0]; unit++) {
                assertThat(top.of(layer, unit)).as("%s unit %d", layer, unit).containsExactlyElementsOf(
                        bruteForce(trace.activation(layer), unit, s[0], s[1], s[2], 5));
            }
        }
    }

    /** Every image's maximum and its first position in row-major order, sorted by value then index, first k. */
    private static List<StrongActivation> bruteForce(Tensor act, int unit, int c, int h, int w, int k) {
        int n = act.dim(0);
        List<StrongActivation> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StrongActivation best = null;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = act.data()[((i * c + unit) * h + y) * w + x];
                    if (best == null || v > best.value()) {
                        best = new StrongActivation(i, v, y, x);
                    }
                }
            }
            all.add(best);
        }
        all.sort(Comparator.comparing(StrongActivation::value, Comparator.reverseOrder())
                .thenComparing(StrongActivation::image));
        return all.subList(0, k);
    }

    @Test
    void patchesAndDeconvProjectionsOfFirstLayerUnits() {
        Model model = Architectures.create("seednet", 3);
        Dataset data = TestNets.random(20, 9);
        TopActivations top = new TopActivationSearch(List.of("conv1"), 4, 8).run(model, data,
                UnaryOperator.identity(), Parallel.of(2), ProgressListener.NONE);
        ActivationProjection projection = new ActivationProjection(ReLUOverride.DECONVNET, UnaryOperator.identity(),
                Parallel.of(2));
        UnitPatches panel = TopPatches.of(model, data, top, "conv1", 3, projection);
        Tensor filter = ((dev.loupe.nn.Conv2d) model.node("conv1").layer()).weight();
        for (int i = 0; i < 4; i++) {
            StrongActivation a = panel.activations().get(i);
            Tensor patch = panel.patches().get(i), proj = panel.projections().get(i);
            assertThat(patch.shape()).containsExactly(1, 5, 5);
            for (int ky = 0; ky < 5; ky++) {
                for (int kx = 0; kx < 5; kx++) {
                    // the patch is the image under the filter; DeconvNet's projection of one conv1 activation is
                    // the activation times the filter, placed where the filter sat
                    assertThat(patch.get(0, ky, kx)).isEqualTo(data.images().get(a.image(), 0, a.y() + ky, a.x() + kx));
                    assertThat((double) proj.get(0, ky, kx)).isCloseTo(a.value() * filter.get(3, 0, ky, kx),
                            within(1e-5));
                }
            }
        }
    }

    @Test
    void deeperProjectionsStayInsideTheReceptiveField() {
        Model model = Architectures.create("seednet", 3);
        Dataset data = TestNets.random(12, 4);
        TopActivations top = new TopActivationSearch(List.of("pool2"), 3, 12).run(model, data,
                UnaryOperator.identity(), Parallel.serial(), ProgressListener.NONE);
        ActivationProjection projection = new ActivationProjection(ReLUOverride.DECONVNET, UnaryOperator.identity(),
                Parallel.serial());
        StrongActivation a = top.of("pool2", 5).get(0);
        Tensor full = projection.project(model, data.image(a.image()), "pool2",
                List.of(new ActivationProjection.Site(5, a.y(), a.x())));
        PatchRegion r = ReceptiveFields.of(model).region("pool2", a.y(), a.x());
        double inside = r.crop(full).map(Math::abs).sum(), total = full.map(Math::abs).sum();
        assertThat(total).isPositive();
        assertThat(inside).isCloseTo(total, within(1e-6 * total));
    }

    @Test
    void eachImageOfABatchIsSeededOnlyAtItsOwnSite() {
        Model model = Architectures.create("seednet", 8);
        Dataset data = TestNets.random(3, 6);
        ActivationProjection projection = ActivationProjection.deconvNet(UnaryOperator.identity(), Parallel.serial());
        List<ActivationProjection.Site> sites = List.of(new ActivationProjection.Site(2, 0, 1),
                new ActivationProjection.Site(7, 3, 2), new ActivationProjection.Site(2, 1, 1));
        Tensor batch = projection.project(model, data.images(), "relu2", sites);
        for (int i = 0; i < 3; i++) {
            Tensor alone = projection.project(model, data.image(i), "relu2", List.of(sites.get(i)));
            assertThat(batch.item(i).data()).as("image %d", i).containsExactly(alone.data());
        }
    }

    @Test
    void badRequestsAreOneLineErrors() {
        Model model = Architectures.create("seednet", 3);
        Dataset data = TestNets.random(5, 1);
        assertThatThrownBy(() -> TopActivationSearch.of(List.of("conv7")).run(model, data, UnaryOperator.identity(),
                Parallel.serial(), ProgressListener.NONE)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("no layer named 'conv7'").hasMessageContaining("conv1, pool1");
        assertThatThrownBy(() -> TopActivationSearch.of(List.of("conv1")).run(model, data, UnaryOperator.identity(),
                Parallel.serial(), ProgressListener.NONE)).isInstanceOf(LoupeException.class)
                .hasMessage("k = 9 is larger than the dataset random (5 images)");
        TopActivations top = new TopActivationSearch(List.of("conv1"), 2, 4).run(model, data,
                UnaryOperator.identity(), Parallel.serial(), ProgressListener.NONE);
        assertThatThrownBy(() -> top.of("conv1", 10)).isInstanceOf(LoupeException.class)
                .hasMessage("unit 10 does not exist in layer conv1, which has 10 units (0..9)");
        assertThatThrownBy(() -> top.of("conv2", 0)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("searched layers are: conv1");
    }
}
