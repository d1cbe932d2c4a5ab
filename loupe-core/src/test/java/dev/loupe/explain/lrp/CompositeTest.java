package dev.loupe.explain.lrp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.nn.Architectures;
import dev.loupe.nn.BackwardRule;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Linear;
import dev.loupe.nn.LinearLayer;
import dev.loupe.nn.Model;
import org.junit.jupiter.api.Test;

/** Rule lookup: by name first, then the first-layer override, then kinds in order, then the common LRP rules. */
class CompositeTest {
    private final Model seednet = Architectures.create("seednet", 1);
    private final Model resnet = Architectures.create("resnet-mini", 1);

    private BackwardRule rule(dev.loupe.nn.RuleMap map, Model model, String node) {
        return map.ruleFor(model.node(node), model);
    }

    @Test
    void namesBeatTheFirstLayerWhichBeatsKinds() {
        Composite c = Composite.lrp(1e-6).name("fc1", new Epsilon(0.25)).firstLayer(LinearLayer.class, new Flat())
                .kind(Conv2d.class, new ZPlus()).kind(LinearLayer.class, new Epsilon(1e-6)).build();
        assertThat(rule(c, seednet, "conv1")).isEqualTo(new Flat());
        assertThat(rule(c, seednet, "conv2")).isEqualTo(new ZPlus());
        assertThat(rule(c, seednet, "fc1")).isEqualTo(new Epsilon(0.25));
        assertThat(rule(c, seednet, "fc2")).isEqualTo(new Epsilon(1e-6));
        assertThat(rule(c, seednet, "relu1")).isEqualTo(new Pass());
        assertThat(rule(c, seednet, "pool1")).isSameAs(BackwardRule.GRADIENT);
        assertThat(rule(c, resnet, "block1.add")).isEqualTo(new Norm(1e-6));
        assertThat(rule(c, resnet, "gap")).isEqualTo(new Norm(1e-6));
        assertThat(rule(c, resnet, "bn1")).isEqualTo(NoRule.UNMERGED_BATCH_NORM);
    }

    @Test
    void namedCompositesFollowZennitsLayerMaps() {
        assertThat(rule(new EpsilonGammaBox(-1, 2), seednet, "conv1")).isEqualTo(new ZBox(-1, 2));
        assertThat(rule(new EpsilonGammaBox(-1, 2), seednet, "conv2")).isEqualTo(new Gamma(0.25));
        assertThat(rule(new EpsilonGammaBox(-1, 2), seednet, "fc1")).isEqualTo(new Epsilon(1e-6));
        assertThat(rule(new EpsilonPlusFlat(), seednet, "conv1")).isEqualTo(new Flat());
        assertThat(rule(new EpsilonPlus(), seednet, "conv1")).isEqualTo(new ZPlus());
        assertThat(rule(new EpsilonAlpha2Beta1(), seednet, "conv1")).isEqualTo(new AlphaBeta(2, 1));
        assertThat(rule(new EpsilonAlpha2Beta1Flat(), seednet, "conv1")).isEqualTo(new Flat());
        assertThat(rule(new EpsilonAlpha2Beta1Flat(), seednet, "conv2")).isEqualTo(new AlphaBeta(2, 1));
        // a dense first layer: the flat composites flatten it, the box composite only boxes convolutions
        Model mlp = Model.builder("mlp", 1, 2, 2).add("flatten", new dev.loupe.nn.Flatten())
                .add("fc1", new Linear(dev.loupe.tensor.Tensor.zeros(3, 4), null)).build();
        assertThat(rule(new EpsilonPlusFlat(), mlp, "fc1")).isEqualTo(new Flat());
        assertThat(rule(new EpsilonGammaBox(-1, 2), mlp, "fc1")).isEqualTo(new Epsilon(1e-6));
        assertThat(Composite.firstLinearLayer(mlp)).isEqualTo("fc1");
    }

    @Test
    void anEmptyCompositeIsTheGradientEverywhere() {
        Composite empty = Composite.builder().build();
        for (String node : resnet.nodeNames()) {
            assertThat(rule(empty, resnet, node)).isSameAs(BackwardRule.GRADIENT);
        }
    }

    @Test
    void ruleTextReadsTheManifestDescriptions() {
        java.util.Map<String, Double> p = java.util.Map.of("epsilon", 1e-6, "gamma", 0.25, "low", -1.0, "high", 2.0);
        Composite box = RuleText.parse("first Conv2d: ZBox(low,high); other Conv2d: Gamma(gamma); Linear: "
                + "Epsilon(epsilon)", p, 1e-6);
        Composite ab = RuleText.parse("every Conv2d (including the first): AlphaBeta(2,1); Linear: Epsilon(epsilon)",
                p, 1e-6);
        Composite flat = RuleText.parse("first Conv2d/Linear: Flat; other Conv2d: ZPlus; Linear: Epsilon(epsilon)",
                p, 1e-6);
        Composite eps = RuleText.parse("every Conv2d and Linear: Epsilon(0.25)", p, 1e-6);
        for (String node : seednet.nodeNames()) {
            assertThat(rule(box, seednet, node)).as(node).isEqualTo(rule(new EpsilonGammaBox(-1, 2), seednet, node));
            assertThat(rule(ab, seednet, node)).as(node).isEqualTo(rule(new EpsilonAlpha2Beta1(), seednet, node));
            assertThat(rule(flat, seednet, node)).as(node).isEqualTo(rule(new EpsilonPlusFlat(), seednet, node));
        }
        assertThat(rule(eps, seednet, "conv1")).isEqualTo(new Epsilon(0.25));
        assertThat(rule(eps, seednet, "fc2")).isEqualTo(new Epsilon(0.25));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleText.parse("Conv2d: Gamma(beta)", p, 1e-6))
                .isInstanceOf(dev.loupe.LoupeException.class).hasMessageContaining("beta");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleText.parse("Pool: Flat", p, 1e-6))
                .isInstanceOf(dev.loupe.LoupeException.class).hasMessageContaining("pool");
    }
}
