package dev.loupe.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.LinearLayer;
import dev.loupe.nn.MaxPool2d;
import dev.loupe.nn.Model;
import dev.loupe.nn.PoolWindow;
import dev.loupe.nn.ReLU;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Trace;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReceptiveFieldsTest {

    @Test
    void seednetMatchesTheAnalyticFormula() {
        ReceptiveFields rf = ReceptiveFields.of(Architectures.create("seednet", 1));
        assertField(rf.field("conv1"), 5, 1);
        assertField(rf.field("pool1"), 6, 2);
        assertField(rf.field("relu1"), 6, 2);
        assertField(rf.field("conv2"), 14, 2);
        assertField(rf.field("pool2"), 16, 4);
        assertThat(rf.field("fc1").wholeImage()).isTrue();
        assertThat(rf.field("flatten").wholeImage()).isTrue();
    }

    @Test
    void mnistnetMatchesTheAnalyticFormula() {
        ReceptiveFields rf = ReceptiveFields.of(Architectures.create("mnistnet", 1));
        assertField(rf.field("conv1"), 3, 1);
        assertField(rf.field("conv2"), 5, 1);
        assertField(rf.field("pool1"), 6, 2);
        assertThat(rf.field("fc2").wholeImage()).isTrue();
    }

    private static void assertField(ReceptiveField f, int size, int jump) {
        assertThat(f.sizeH()).isEqualTo(size);
        assertThat(f.sizeW()).isEqualTo(size);
        assertThat(f.jumpH()).isEqualTo(jump);
        assertThat(f.jumpW()).isEqualTo(jump);
        assertThat(f.startH()).isZero();
        assertThat(f.wholeImage()).isFalse();
    }

    @Test
    void paddingStrideAndDilation() {
        // conv k3 s2 p1 d2: size 1 + 2·2 = 5, jump 2, start −1; maxpool k3 s2 p1: size 5 + 2·2 = 9, jump 4, start −3
        Model m = paddedModel();
        ReceptiveFields rf = ReceptiveFields.of(m);
        ReceptiveField conv = rf.field("conv");
        assertThat(List.of(conv.sizeH(), conv.jumpH(), conv.startH())).containsExactly(5, 2, -2);
        ReceptiveField pool = rf.field("pool");
        assertThat(List.of(pool.sizeH(), pool.jumpH(), pool.startH())).containsExactly(9, 4, -4);
        PatchRegion r = rf.region("pool", 0, 1);
        assertThat(List.of(r.fieldTop(), r.fieldLeft(), r.top(), r.left(), r.height(), r.width()))
                .containsExactly(-4, 0, 0, 0, 5, 9);
    }

    private static Model paddedModel() {
        Random random = new Random(3);
        ConvGeometry g = new ConvGeometry(1, 3, 3, 3, 2, 2, 2, 2, 2, 2, 1);
        return Model.builder("padded", 1, 17, 17)
                .add("conv", new Conv2d(g, Tensor.uniform(random, 1f, 3, 1, 3, 3), Tensor.uniform(random, 1f, 3)))
                .add("relu", new ReLU())
                .add("pool", new MaxPool2d(PoolWindow.of(3, 2, 1)))
                .build();
    }

    @Test
    void residualAddTakesTheUnion() {
        ReceptiveFields rf = ReceptiveFields.of(Architectures.create("resnet-mini", 1));
        // stem 3x3 p1, then two 3x3 p1 convs in the block: 7; the skip path has the stem's 3
        ReceptiveField add = rf.field("block1.add");
        assertThat(List.of(add.sizeH(), add.jumpH(), add.startH())).containsExactly(7, 1, -3);
        assertThat(rf.field("gap").wholeImage()).isTrue();
    }

    @Test
    void bruteForcePerturbationOfSeednet() {
        // 20x20 digits keep the test fast; the fields do not depend on the image size
        Model m = Architectures.create("seednet", new int[] {1, 20, 20}, 10, 7);
        int[] pixels = new int[20 * 20];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = p;
        }
        checkByPerturbation(m, pixels, List.of("conv1", "pool1", "relu1", "conv2", "pool2", "relu2"), true);
    }

    @Test
    void bruteForcePerturbationOfPaddedModel() {
        Model m = paddedModel();
        int[] pixels = new int[17 * 17];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = p;
        }
        checkByPerturbation(m, pixels, List.of("conv", "pool"), true);
    }

    @Test
    void bruteForcePerturbationOfMnistnet() {
        Model m = Architectures.create("mnistnet", 5);
        int[] pixels = {0, 27, 28 * 27, 28 * 28 - 1, 14 * 28 + 14, 3 * 28 + 20, 25 * 28 + 2};
        checkByPerturbation(m, pixels, List.of("conv1", "conv2", "pool1"), false);
    }

    /**
     * Perturbs each listed pixel alone by +1000 and by −1000. Every unit that changes must have the pixel in its
     * field. When {@code tight}, the pixels that change a unit must also span exactly its field clipped to the
     * image (their bounding box; a dilated kernel skips pixels inside the box, so only the box can be exact). A ReLU
     * or a max-pool can hide a real connection when the weights happen to cancel, so the tight check runs on a copy
     * of the model with every weight made positive and on a positive image: it has the same connectivity, and there
     * every connection shows.
     */
    private static void checkByPerturbation(Model model, int[] pixels, List<String> layers, boolean tight) {
        checkByPerturbation(model, pixels, layers, false, -1f);
        if (tight) {
            checkByPerturbation(positiveCopy(model), pixels, layers, true, 0f);
        }
    }

    private static Model positiveCopy(Model model) {
        Model m = model;
        for (var node : model.nodes()) {
            if (node.layer() instanceof LinearLayer lin) {
                Tensor b = lin.bias() == null ? null : lin.bias().map(Math::abs);
                m = m.withLayer(node.name(), lin.withParameters(lin.weight().map(v -> Math.abs(v) + 0.01), b));
            }
        }
        return m;
    }

    private static void checkByPerturbation(Model model, int[] pixels, List<String> layers, boolean tight,
                                            float low) {
        int[] in = model.inputShape();
        int h = in[1], w = in[2];
        Tensor base = Tensor.uniform(new Random(11), 1f, 1, 1, h, w).map(v -> low < 0 ? v : Math.abs(v));
        Tensor batch = Tensor.zeros(1 + 2 * pixels.length, 1, h, w);
        for (int i = 0; i < batch.dim(0); i++) {
            System.arraycopy(base.data(), 0, batch.data(), i * h * w, h * w);
        }
        for (int k = 0; k < pixels.length; k++) {
            batch.data()[(1 + 2 * k) * h * w + pixels[k]] += 1000f;
            batch.data()[(2 + 2 * k) * h * w + pixels[k]] -= low < 0 ? 1000f : 0f;
        }
        Trace trace = model.forward(batch, ForwardOptions.inference(Parallel.of(2)));
        ReceptiveFields rf = ReceptiveFields.of(model);
        for (String layer : layers) {
            int[] s = model.shapeOf(layer);
            int per = s[0] * s[1] * s[2];
            ReceptiveField f = rf.field(layer);
            for (int c = 0; c < s[0]; c++) {
                for (int y = 0; y < s[1]; y++) {
                    for (int x = 0; x < s[2]; x++) {
                        int off = (c * s[1] + y) * s[2] + x;
                        int top = h, left = w, bottom = -1, right = -1;
                        for (int k = 0; k < pixels.length; k++) {
                            int row = pixels[k] / w, col = pixels[k] % w;
                            float[] a = trace.activation(layer).data();
                            boolean changed = a[(1 + 2 * k) * per + off] != a[off]
                                    || a[(2 + 2 * k) * per + off] != a[off];
                            if (changed && !f.contains(y, x, row, col)) {
                                throw new AssertionError(layer + " unit (" + c + ", " + y + ", " + x + ") changed with"
                                        + " pixel (" + row + ", " + col + ") outside its field");
                            }
                            if (changed) {
                                top = Math.min(top, row);
                                bottom = Math.max(bottom, row);
                                left = Math.min(left, col);
                                right = Math.max(right, col);
                            }
                        }
                        if (tight) {
                            PatchRegion r = rf.region(layer, y, x);
                            assertThat(new int[] {top, left, bottom + 1, right + 1})
                                    .as("%s unit (%d, %d, %d)", layer, c, y, x)
                                    .containsExactly(r.top(), r.left(), r.bottom(), r.right());
                        }
                    }
                }
            }
        }
    }

    @Test
    void cropsClipAndPad() {
        Tensor image = Tensor.zeros(1, 1, 6, 6);
        for (int i = 0; i < 36; i++) {
            image.data()[i] = i;
        }
        PatchRegion r = new PatchRegion(-1, 4, 3, 3, 6, 6);
        assertThat(r.crop(image).shape()).containsExactly(1, 2, 2);
        assertThat(r.crop(image).data()).containsExactly(4, 5, 10, 11);
        Tensor padded = r.cropPadded(image, -1f);
        assertThat(padded.data()).containsExactly(-1, -1, -1, 4, 5, -1, 10, 11, -1);
    }

    @Test
    void badUnitsAreOneLineErrors() {
        ReceptiveFields rf = ReceptiveFields.of(Architectures.create("seednet", 1));
        assertThatThrownBy(() -> rf.field("conv9")).isInstanceOf(LoupeException.class)
                .hasMessageContaining("conv9").hasMessageContaining("conv1, pool1");
        assertThatThrownBy(() -> rf.region("conv2", 8, 0)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("outside layer conv2").hasMessageContaining("8x8");
    }
}
