package dev.loupe.explain.lrp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.nn.Architectures;
import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.ReLU;
import dev.loupe.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The canoniser must not change what the model computes (Zennit's {@code test_canonizers.py}). */
class MergeBatchNormTest {

    private static void assertSameOutputs(Model original, Model merged, Tensor x) {
        float[] a = original.predict(x).data(), b = merged.predict(x).data();
        double max = 0;
        for (float v : a) {
            max = Math.max(max, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            assertThat((double) Math.abs(a[i] - b[i])).as("logit %d", i).isLessThanOrEqualTo(1e-5 * Math.max(1, max));
        }
    }

    @Test
    void bnnetOutputsAreUnchangedAndBatchNormIsGone() {
        Model model = TestModels.bnnet(5);
        String digest = model.recomputeDigest();
        Model merged = MergeBatchNorm.apply(model);
        assertSameOutputs(model, merged, Tensor.randn(new Random(1), 1f, 4, 1, 28, 28));
        assertThat(merged.nodes()).noneMatch(n -> n.layer() instanceof BatchNorm2d);
        assertThat(merged.node("relu1").inputs()).containsExactly("conv1");
        assertThat(model.recomputeDigest()).as("input model untouched").isEqualTo(digest);
        assertThat(model.has("bn1")).isTrue();
    }

    @Test
    void resnetMiniOutputsAreUnchangedWithResidualRewiring() {
        Model model = TestModels.withRandomBatchNorm(Architectures.create("resnet-mini", 3), 9);
        Model merged = MergeBatchNorm.apply(model);
        assertSameOutputs(model, merged, Tensor.randn(new Random(2), 1f, 3, 1, 28, 28));
        assertThat(merged.nodes()).noneMatch(n -> n.layer() instanceof BatchNorm2d);
        assertThat(merged.node("block1.add").inputs()).containsExactly("block1.conv2", "relu1");
    }

    @Test
    void foldsTheDocumentedFormula() {
        Model model = TestModels.bnnet(8);
        BatchNorm2d bn = (BatchNorm2d) model.node("bn1").layer();
        dev.loupe.nn.Conv2d conv = (dev.loupe.nn.Conv2d) model.node("conv1").layer();
        dev.loupe.nn.Conv2d merged = (dev.loupe.nn.Conv2d) MergeBatchNorm.apply(model).node("conv1").layer();
        int c = 3, per = 9;
        double k = bn.weight().data()[c] / Math.sqrt(bn.runningVar().data()[c] + bn.eps());
        assertThat((double) merged.weight().data()[c * per + 4])
                .isCloseTo(conv.weight().data()[c * per + 4] * k, org.assertj.core.data.Offset.offset(1e-6));
        assertThat((double) merged.bias().data()[c]).isCloseTo(
                (conv.bias().data()[c] - bn.runningMean().data()[c]) * k + bn.bias().data()[c],
                org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void leavesModelsWithoutMergeableBatchNormAlone() {
        Model plain = Architectures.create("seednet", 1);
        assertThat(MergeBatchNorm.apply(plain)).isSameAs(plain);
        // a batch norm after a ReLU has no convolution to fold into
        Model odd = Model.builder("odd", 1, 8, 8)
                .add("conv", Architectures.create("seednet", 1).node("conv1").layer())
                .add("relu", new ReLU()).add("bn", BatchNorm2d.fresh(10)).build();
        Model result = MergeBatchNorm.apply(odd);
        assertThat(result.nodes()).extracting(Node::name).containsExactly("conv", "relu", "bn");
    }
}
