package dev.loupe.explain.lrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.explain.Attribution;
import dev.loupe.explain.Explainer;
import dev.loupe.explain.MethodRegistry;
import dev.loupe.explain.Target;
import dev.loupe.nn.Add;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Model;
import dev.loupe.nn.ReLU;
import dev.loupe.nn.RuleMap;
import dev.loupe.nn.Softmax;
import dev.loupe.nn.Step;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generic properties of every registered LRP method, from one table (Captum's test-config idea): conservation on
 * bias-free networks, batch = one by one, the model is never modified, thread counts agree; plus LRP-0 = gradient ×
 * input, the empty composite = the gradient, the proportional split at an add, and the error cases.
 */
class LrpPropertiesTest {
    static final List<String> METHODS = List.of("lrp.zero", "lrp.epsilon", "lrp.epsilon-plus",
            "lrp.epsilon-plus-flat", "lrp.epsilon-gamma-box", "lrp.epsilon-alpha2-beta1",
            "lrp.epsilon-alpha2-beta1-flat");

    private static Explainer explainer(String method) {
        return ((LrpExplainer) MethodRegistry.defaults().create(method, Map.of())).withParallel(Parallel.serial());
    }

    static Stream<Arguments> methodsAndModels() {
        return METHODS.stream().flatMap(m -> Stream.of(Arguments.of(m, "seednet"), Arguments.of(m, "resnet-mini")));
    }

    private static Tensor images(int n, long seed) {
        return Tensor.randn(new Random(seed), 1f, n, 1, 28, 28);
    }

    private static double maxAbs(Tensor t) {
        return t.absMax();
    }

    private static void assertClose(Tensor actual, Tensor expected, double rel, String what) {
        assertThat(actual.shape()).containsExactly(expected.shape());
        double tol = rel * Math.max(1e-12, maxAbs(expected));
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.size(); i++) {
            double err = Math.abs(actual.data()[i] - expected.data()[i]);
            if (err > worst) {
                worst = err;
                at = i;
            }
        }
        assertThat(worst).as("%s: worst error at %d", what, at).isLessThanOrEqualTo(tol);
    }

    @Test
    void everyMethodIsRegistered() {
        for (String m : METHODS) {
            assertThat(MethodRegistry.defaults().get(m).family()).isEqualTo("lrp");
        }
        Explainer box = MethodRegistry.defaults().create("lrp.epsilon-gamma-box",
                Map.of("gamma", "0.5", "low", "-1", "high", "1"));
        EpsilonGammaBox rules = (EpsilonGammaBox) ((LrpExplainer) box).rules();
        assertThat(rules.gamma()).isEqualTo(0.5);
        assertThat(rules.box()).isEqualTo(new ZBox(-1, 1));
        assertThatThrownBy(() -> MethodRegistry.defaults().create("lrp.epsilon-gamma-box", Map.of("low", "a,b")))
                .isInstanceOf(LoupeException.class).hasMessageContaining("low");
    }

    /**
     * The methods whose rules conserve relevance on bias-free networks. α-β does not in general: where a neuron has
     * no negative contribution its β half has nothing to take from, and α·R instead of R passes down.
     */
    static Stream<Arguments> conservativeMethodsAndModels() {
        return methodsAndModels().filter(a -> !((String) a.get()[0]).contains("alpha"));
    }

    @ParameterizedTest(name = "{0} on bias-free {1}")
    @MethodSource("conservativeMethodsAndModels")
    void conservesRelevanceOnBiasFreeNetworks(String method, String arch) {
        Model model = TestModels.withoutBiases(Architectures.create(arch, 4));
        Attribution a = explainer(method).explain(model, images(3, 1), new Target.Predicted());
        double[] sums = a.map().sumPerItem();
        for (int i = 0; i < sums.length; i++) {
            assertThat(sums[i]).as("%s image %d", method, i)
                    .isCloseTo(a.scores()[i], org.assertj.core.data.Offset.offset(2e-3 * Math.abs(a.scores()[i])));
        }
    }

    /** Every method on seednet; on resnet-mini (merged batch norms, adds, global pooling) two representatives. */
    static Stream<Arguments> methodsOnSeednetAndTwoOnResnet() {
        return methodsAndModels().filter(a -> a.get()[1].equals("seednet")
                || a.get()[0].equals("lrp.epsilon-gamma-box") || a.get()[0].equals("lrp.epsilon-alpha2-beta1"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("methodsOnSeednetAndTwoOnResnet")
    void batchEqualsOneByOneAndModelIsUntouchedAndThreadsAgree(String method, String arch) throws Exception {
        Model model = TestModels.withRandomBatchNorm(Architectures.create(arch, 5), 6);
        String digest = model.recomputeDigest();
        Tensor x = images(3, 2);
        Target target = new Target.PerImage(new int[] {1, 4, 7});
        Explainer serial = explainer(method);
        Attribution batch = serial.explain(model, x, target);
        for (int i = 0; i < 3; i++) {
            Attribution one = serial.explain(model, x.item(i), new Target.ClassIndex(new int[] {1, 4, 7}[i]));
            assertClose(one.map(), batch.image(i), 1e-5, method + " image " + i);
        }
        Attribution twoThreads = ((LrpExplainer) serial).withParallel(Parallel.of(2)).explain(model, x, target);
        assertClose(twoThreads.map(), batch.map(), 1e-6, method + " on 2 threads");
        CompletableFuture<Attribution> f1 = CompletableFuture.supplyAsync(() -> serial.explain(model, x, target));
        CompletableFuture<Attribution> f2 = CompletableFuture.supplyAsync(() -> serial.explain(model, x, target));
        assertThat(f1.get().map().data()).containsExactly(batch.map().data());
        assertThat(f2.get().map().data()).containsExactly(batch.map().data());
        assertThat(model.recomputeDigest()).isEqualTo(digest);
        assertThat(batch.provenance().method()).isEqualTo(method);
        assertThat(batch.provenance().modelDigest()).isEqualTo(digest);
    }

    @Test
    void perLayerHeatmapsAreTheChannelSumsOfTheRelevance() {
        Model model = Architectures.create("seednet", 2);
        Tensor x = images(2, 3);
        LrpExplainer e = (LrpExplainer) explainer("lrp.epsilon-plus-flat");
        Attribution a = e.explain(model, x, new Target.Predicted());
        for (String layer : model.nodeNames()) {
            assertThat(a.extras()).containsKey("relevance:" + layer);
        }
        Tensor full = e.propagate(model, x, new Target.Predicted()).backward().at("relu1");
        Tensor heat = a.extra("relevance:relu1");
        assertThat(heat.shape()).containsExactly(2, 1, 12, 12);
        assertThat((double) heat.get(1, 0, 5, 6)).isCloseTo(
                Stream.iterate(0, c -> c + 1).limit(10).mapToDouble(c -> full.get(1, c, 5, 6)).sum(),
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(a.extra("relevance:fc1").shape()).containsExactly(2, 50);
        Model bn = TestModels.bnnet(3);
        Attribution merged = e.explain(bn, x, new Target.Predicted());
        assertThat(merged.extras().keySet()).containsAll(bn.nodeNames().stream().map(n -> "relevance:" + n).toList());
        assertThat(merged.extra("relevance:bn1")).isSameAs(merged.extra("relevance:conv1"));
        assertThat(a.extra("relevance:fc2").sumPerItem()[0]).isCloseTo(a.scores()[0],
                org.assertj.core.data.Offset.offset(1e-4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void lrpZeroIsGradientTimesInputOnReluNetworks(String arch) {
        Model model = TestModels.withRandomBatchNorm(Architectures.create(arch, 7), 8);
        Tensor x = images(2, 4);
        Target target = new Target.Predicted();
        Attribution lrp = explainer("lrp.zero").explain(model, x, target);
        Trace trace = model.forward(x, ForwardOptions.inference(Parallel.serial()));
        Tensor gradient = model.backward(trace, target.seeds(trace, false), RuleMap.GRADIENT, Parallel.serial())
                .input();
        assertClose(lrp.map(), gradient.times(x), 5e-3, arch);
    }

    static Stream<String> architectures() {
        return Architectures.NAMES.stream();
    }

    @Test
    void emptyCompositeIsThePlainGradient() {
        Model model = TestModels.withRandomBatchNorm(Architectures.create("resnet-mini", 1), 2);
        Tensor x = images(2, 5);
        Trace trace = model.forward(x, ForwardOptions.inference(Parallel.serial()));
        Tensor seed = Tensor.randn(new Random(3), 1f, 2, 10);
        Tensor plain = model.backward(trace, seed, RuleMap.GRADIENT).input();
        Tensor composite = model.backward(trace, seed, Composite.builder().build()).input();
        assertThat(composite.data()).containsExactly(plain.data());
    }

    @Test
    void normRuleSplitsAnAddInProportionToTheBranches() {
        Model seednet = Architectures.create("seednet", 3);
        Model model = Model.builder("twin", 1, 28, 28)
                .add("left", seednet.node("conv1").layer(), Model.INPUT)
                .add("right", TestModels.withoutBiases(seednet).node("conv1").layer(), Model.INPUT)
                .add("sum", new Add(), "left", "right").build();
        Trace trace = model.forward(images(1, 6));
        Step step = trace.step("sum");
        Tensor r = Tensor.randn(new Random(7), 1f, step.output().shape());
        List<Tensor> split = new Norm(1e-6).backward(step, r);
        Tensor left = trace.activation("left"), right = trace.activation("right"), sum = step.output();
        for (int i = 0; i < r.size(); i += 37) {
            double share = r.data()[i] / (sum.data()[i] + 1e-6 * (sum.data()[i] >= 0 ? 1 : -1));
            assertThat((double) split.get(0).data()[i]).isCloseTo(left.data()[i] * share,
                    org.assertj.core.data.Offset.offset(1e-4 * Math.abs(left.data()[i] * share) + 1e-6));
            assertThat((double) split.get(1).data()[i]).isCloseTo(right.data()[i] * share,
                    org.assertj.core.data.Offset.offset(1e-4 * Math.abs(right.data()[i] * share) + 1e-6));
        }
    }

    @Test
    void layersWithoutARuleFailNamingTheLayer() {
        Model seednet = Architectures.create("seednet", 3);
        List<dev.loupe.nn.Node> nodes = new java.util.ArrayList<>(seednet.nodes());
        // a softmax inside the network (a final one is dropped: relevance starts at the logits, see LogitsOutput)
        nodes.add(new dev.loupe.nn.Node("probabilities", new Softmax(), List.of("fc2")));
        nodes.add(new dev.loupe.nn.Node("head", new dev.loupe.nn.Linear(Tensor.full(0.1f, 10, 10), null),
                List.of("probabilities")));
        Model withSoftmax = seednet.withNodes(nodes);
        assertThatThrownBy(() -> explainer("lrp.epsilon").explain(withSoftmax, images(1, 1), new Target.Predicted()))
                .isInstanceOf(LoupeException.class).hasMessageContaining("probabilities").hasMessageContaining("softmax");

        Model unmergeable = Model.builder("odd", 1, 28, 28).add("conv", seednet.node("conv1").layer())
                .add("relu", new ReLU()).add("bn", BatchNorm2d.fresh(10)).add("flatten", new dev.loupe.nn.Flatten())
                .add("fc", new dev.loupe.nn.Linear(Tensor.zeros(10, 5760), null)).build();
        assertThatThrownBy(() -> explainer("lrp.epsilon").explain(unmergeable, images(1, 1),
                new Target.ClassIndex(0))).isInstanceOf(LoupeException.class).hasMessageContaining("bn")
                .hasMessageContaining("MergeBatchNorm");
    }

    @Test
    void alphaBetaAndOtherRulesValidateTheirParameters() {
        assertThatThrownBy(() -> new AlphaBeta(2, 2)).isInstanceOf(LoupeException.class).hasMessageContaining("1");
        assertThatThrownBy(() -> new Epsilon(-1)).isInstanceOf(LoupeException.class);
        assertThatThrownBy(() -> new Gamma(Double.NaN)).isInstanceOf(LoupeException.class);
        assertThatThrownBy(() -> new ZBox(new double[] {1, 2}, new double[] {3}, 1e-6))
                .isInstanceOf(LoupeException.class);
        assertThatThrownBy(() -> new ZBox(2, 1)).isInstanceOf(LoupeException.class);
    }
}
