package dev.loupe.explain.synthesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.loupe.LoupeException;
import dev.loupe.explain.testdata.TrainedSeednet;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Model;
import dev.loupe.nn.RuleMap;
import dev.loupe.nn.Softmax;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Class model visualization, objectives, optimizers and the DeepVis regularizers. */
class ActivationMaximizationTest {

    @Test
    void classModelsOfATrainedSeednetAreConfidentlyTheirClass() {
        Assumptions.assumeTrue(TrainedSeednet.available(), "MNIST test set not found in " + TrainedSeednet.MNIST);
        Model model = TrainedSeednet.model();
        assertThat(TrainedSeednet.heldOutAccuracy(model)).as("the trained seednet").isGreaterThan(0.9);
        for (int c = 0; c < 10; c++) {
            Synthesis s = new ActivationMaximization().run(model, AscentConfig.digits(c));
            Tensor logits = model.predict(s.image());
            assertThat(logits.argmax(0)).as("class model of %d", c).isEqualTo(c);
            assertThat((double) Softmax.of(logits).get(0, c)).as("probability of %d", c).isGreaterThanOrEqualTo(0.9);
            // the ascent climbed
            double[] j = s.objective();
            assertThat(j[j.length - 1]).isGreaterThan(j[0]);
        }
    }

    private static double norm(Tensor t) {
        return Math.sqrt(t.times(t).sum());
    }

    @Test
    void l2TermAndL2DecayLowerTheImageNorm() {
        Model model = Architectures.create("seednet", 3);
        AscentConfig free = AscentConfig.classModel(3).withSchedule(60, 0.1, 0);
        double unregularized = norm(new ActivationMaximization().run(model, free).image());
        double penalized = norm(new ActivationMaximization().run(model, free.withSchedule(60, 0.1, 0.05)).image());
        double decayed = norm(new ActivationMaximization().run(model,
                free.withRegularizers(List.of(new Regularizer.L2Decay(0.05)))).image());
        assertThat(penalized).isLessThan(unregularized);
        assertThat(decayed).isLessThan(unregularized);
    }

    /** The objective's layer gradient walked back to the image against central differences of its value. */
    @ParameterizedTest
    @ValueSource(strings = {"class:4", "logprob:4", "neuron:conv2:3:2:5", "neuron:fc1:7", "channel:relu1:2",
        "norm:pool2"})
    void objectiveGradientsMatchFiniteDifferences(String spec) {
        Model model = Architectures.create("seednet", 8);
        Objective objective = Objective.parse(spec);
        Tensor x = Tensor.randn(new Random(2), 1f, 1, 1, 28, 28);
        Trace trace = model.forward(x, ForwardOptions.inference(Parallel.serial()));
        Tensor grad = model.backward(trace, Map.of(objective.layer(model), objective.gradient(trace)),
                RuleMap.GRADIENT, Parallel.serial()).input();
        float h = 1e-2f;
        int checked = 0;
        for (int i = 3; i < x.size(); i += 53) {
            float keep = x.data()[i];
            x.data()[i] = keep + h;
            double up = objective.value(model.forward(x))[0];
            x.data()[i] = keep - h;
            double down = objective.value(model.forward(x))[0];
            x.data()[i] = keep;
            double numeric = (up - down) / (2 * h);
            assertThat((double) grad.data()[i]).as("%s d/dx[%d]", spec, i)
                    .isCloseTo(numeric, offset(2e-2 * Math.max(1, Math.abs(numeric))));
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void objectivesEvaluateWhatTheySay() {
        Model model = Architectures.create("seednet", 8);
        Tensor x = Tensor.randn(new Random(4), 1f, 1, 1, 28, 28);
        Trace t = model.forward(x);
        Tensor logits = t.output();
        assertThat(new Objective.ClassLogit(2).value(t)[0]).isEqualTo(logits.get(0, 2));
        double lse = 0;
        for (float v : logits.data()) {
            lse += Math.exp(v);
        }
        assertThat(new Objective.ClassLogProbability(2).value(t)[0]).isCloseTo(logits.get(0, 2) - Math.log(lse),
                offset(1e-5));
        Tensor relu1 = t.activation("relu1");
        double mean = 0;
        for (int p = 0; p < 144; p++) {
            mean += relu1.data()[2 * 144 + p];
        }
        assertThat(new Objective.Channel("relu1", 2).value(t)[0]).isCloseTo(mean / 144, offset(1e-5));
        assertThat(new Objective.LayerNorm("relu1").value(t)[0]).isCloseTo(relu1.times(relu1).sum() / 2, offset(1e-3));
    }

    @Test
    void trajectoryStartAndOptimizers() {
        Model model = Architectures.create("seednet", 3);
        Tensor digit = Tensor.randn(new Random(5), 0.5f, 1, 1, 28, 28);
        AscentConfig cfg = AscentConfig.classModel(1).withSchedule(10, 0.01, 0.0).withRecordEvery(4)
                .withStart(new Start.Image(digit)).withOptimizer(Optimizer.SGD);
        Synthesis s = new ActivationMaximization().run(model, cfg);
        assertThat(s.trajectory()).extracting(Synthesis.Snapshot::step).containsExactly(4, 8, 10);
        assertThat(s.objective()).hasSize(10);
        // SGD's first step is x + lr·∇S exactly
        Synthesis one = new ActivationMaximization().run(model, cfg.withSchedule(1, 0.01, 0.0));
        Trace trace = model.forward(digit);
        Tensor g = model.backward(trace, new Objective.ClassLogit(1).gradient(trace), RuleMap.GRADIENT).input();
        Tensor expected = digit.plus(g.times(0.01f));
        assertThat(one.image().data()).containsExactly(expected.data(), offset(1e-6f));
        // Adam's first step moves every coordinate with a non-zero gradient by lr in the gradient's direction
        Synthesis adam = new ActivationMaximization().run(model, cfg.withSchedule(1, 0.01, 0.0)
                .withOptimizer(Optimizer.ADAM));
        for (int i = 0; i < g.size(); i++) {
            if (Math.abs(g.data()[i]) > 1e-4) {
                assertThat(adam.image().data()[i] - digit.data()[i]).isCloseTo(0.01f * Math.signum(g.data()[i]),
                        offset(1e-5f));
            }
        }
        Tensor noise = new Start.Noise(3, 0, 0.1).image(new int[] {1, 28, 28});
        assertThat(noise.shape()).containsExactly(1, 1, 28, 28);
        assertThat(new Start.Noise(3, 0, 0.1).image(new int[] {1, 28, 28}).data()).containsExactly(noise.data());
        assertThat(Start.Constant.mean().image(new int[] {1, 2, 2}).data()).containsOnly(0f);
    }

    @Test
    void clippingRegularizersZeroTheWeakestPixels() {
        Tensor x = Tensor.of(new float[] {0.1f, -3f, 0.5f, 2f, 0.05f, 1f, -0.2f, 4f, 0.3f, 0f}, 1, 1, 2, 5);
        Tensor clipped = ActivationMaximization.regularize(x.copy(), null, 1, List.of(new Regularizer.NormClip(30)));
        // |x| sorted: 0, .05, .1, .2, .3, .5, 1, 2, 3, 4; the 30th percentile is 0.17: the four smallest go
        assertThat(clipped.data()).containsExactly(0f, -3f, 0.5f, 2f, 0f, 1f, -0.2f, 4f, 0.3f, 0f);
        Tensor grad = Tensor.of(new float[] {10f, 0.01f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f}, 1, 1, 2, 5);
        // contributions |x g|: 1, .03, .5, 2, .05, 1, .2, 4, .3, 0; 20th percentile is 0.046: two smallest go
        Tensor byContribution = ActivationMaximization.regularize(x.copy(), grad, 1,
                List.of(new Regularizer.ContributionClip(20)));
        assertThat(byContribution.data()).containsExactly(0.1f, 0f, 0.5f, 2f, 0.05f, 1f, -0.2f, 4f, 0.3f, 0f);
        Tensor decayed = ActivationMaximization.regularize(x.copy(), null, 1, List.of(new Regularizer.L2Decay(0.5),
                new Regularizer.Range(-1, 1)));
        assertThat(decayed.data()).containsExactly(0.05f, -1f, 0.25f, 1f, 0.025f, 0.5f, -0.1f, 1f, 0.15f, 0f);
        // blur only on its steps
        Tensor notYet = ActivationMaximization.regularize(x.copy(), null, 3, List.of(new Regularizer.Blur(1, 2)));
        assertThat(notYet.data()).containsExactly(x.data());
        Tensor blurred = ActivationMaximization.regularize(x.copy(), null, 4, List.of(new Regularizer.Blur(1, 2)));
        assertThat(blurred.sum()).isCloseTo(x.sum(), offset(0.5));
        assertThat(blurred.max()).isLessThan(x.max());
    }

    @Test
    void badSettingsAreRejected() {
        assertThatThrownBy(() -> AscentConfig.classModel(1).withSchedule(0, 0.1, 0.01))
                .isInstanceOf(LoupeException.class).hasMessageContaining("step");
        assertThatThrownBy(() -> AscentConfig.classModel(1).withSchedule(10, -1, 0.01))
                .isInstanceOf(LoupeException.class).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> Objective.parse("banana:3")).isInstanceOf(LoupeException.class)
                .hasMessageContaining("unknown objective");
        assertThatThrownBy(() -> new Regularizer.NormClip(120)).isInstanceOf(LoupeException.class);
        Model model = Architectures.create("seednet", 3);
        assertThatThrownBy(() -> new ActivationMaximization().run(model,
                AscentConfig.classModel(1).withObjective(new Objective.Channel("conv9", 0))))
                .isInstanceOf(LoupeException.class).hasMessageContaining("conv9");
        assertThatThrownBy(() -> new ActivationMaximization().run(model,
                AscentConfig.classModel(12).withSchedule(1, 0.1, 0))).isInstanceOf(LoupeException.class)
                .hasMessageContaining("12");
        assertThat(Objective.parse("7")).isEqualTo(new Objective.ClassLogit(7));
        assertThat(Objective.parse("neuron:fc1:3")).isEqualTo(new Objective.Neuron("fc1", 3, 0, 0));
        for (String s : List.of("class:1", "logprob:2", "neuron:conv1:1:2:3", "channel:conv2:4", "norm:relu2")) {
            assertThat(Objective.parse(s).describe()).isEqualTo(s);
        }
    }
}
