package dev.loupe.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.LoupeException;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Dropout;
import dev.loupe.nn.Flatten;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Gradients;
import dev.loupe.nn.Linear;
import dev.loupe.nn.MaxPool2d;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.Parameter;
import dev.loupe.nn.PoolWindow;
import dev.loupe.nn.ReLU;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private final TinyData train = new TinyData(300, 1);
    private final TinyData test = new TinyData(150, 2);

    @Test
    void learnsASeparableTaskWithSgdAndLeavesTheInitialModelAlone() {
        Model initial = TinyData.model(3, false, false);
        String before = initial.recomputeDigest();
        Model trained = new Trainer(TrainingConfig.sgd(8, 16, 0.1, 0.9, 7, 1)).train(initial, train.images,
                train.labels);
        Evaluation eval = Evaluation.of(trained, test.images, test.labels, null, 64, Parallel.serial());
        assertThat(eval.accuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(Evaluation.of(initial, test.images, test.labels, null, 64, Parallel.serial()).accuracy())
                .isLessThan(0.8);
        assertThat(initial.recomputeDigest()).isEqualTo(before);
        assertThat(trained).isNotSameAs(initial);
    }

    @Test
    void learnsWithAdamBatchNormAndDropout() {
        Model initial = TinyData.model(4, true, true);
        Model trained = new Trainer(TrainingConfig.adam(6, 16, 0.01, 11, 2)).train(initial, train.images,
                train.labels);
        assertThat(Evaluation.of(trained, test.images, test.labels, null, 50, Parallel.serial()).accuracy())
                .isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void sameSeedAndThreadsGiveIdenticalWeights() {
        TrainingConfig config = new TrainingConfig(2, 10, new OptimizerSpec.Sgd(0.05, 0.9, 1e-3), 42, 2);
        Model initial = TinyData.model(5, true, true);
        Model a = new Trainer(config).train(initial, train.images, train.labels);
        Model b = new Trainer(config).train(initial, train.images, train.labels);
        assertThat(allParameters(b)).isEqualTo(allParameters(a));
        Model otherSeed = new Trainer(new TrainingConfig(2, 10, config.optimizer(), 43, 2))
                .train(initial, train.images, train.labels);
        assertThat(allParameters(otherSeed)).isNotEqualTo(allParameters(a));
    }

    @Test
    void recyclingEachStepsArraysChangesNoBit() {
        // images large enough for the recycler, two epochs of 16, 16 and a last batch of 8
        Random random = new Random(3);
        Tensor images = Tensor.randn(random, 1f, 40, 1, 28, 28);
        int[] labels = random.ints(40, 0, 10).toArray();
        Model dropout = Model.builder("conv-bn-dropout", 1, 28, 28)
                .add("conv", new Conv2d(ConvGeometry.square(1, 16, 3, 1, 1), Tensor.uniform(random, 0.3f, 16, 1, 3, 3),
                        Tensor.zeros(16)))
                .add("bn", BatchNorm2d.fresh(16)).add("relu", new ReLU()).add("drop", new Dropout(0.25))
                .add("pool", new MaxPool2d(PoolWindow.of(2))).add("flatten", new Flatten())
                .add("fc", new Linear(Tensor.uniform(random, 0.02f, 10, 16 * 14 * 14), Tensor.zeros(10))).build();
        TrainingConfig config = new TrainingConfig(2, 16, new OptimizerSpec.Sgd(0.05, 0.9, 1e-3), 42, 2);
        for (Model initial : List.of(Architectures.create("mnistnet", 5), Architectures.create("resnet-mini", 5),
                dropout)) {
            float[] recycled = allParameters(new Trainer(config).train(initial, images, labels));
            float[] fresh = allParameters(new Trainer(config, List.of(), false).train(initial, images, labels));
            assertThat(Arrays.equals(recycled, fresh)).as(initial.architecture()).isTrue();
            assertThat(Arrays.equals(recycled, allParameters(initial))).as(initial.architecture()).isFalse();
        }
    }

    @Test
    void oneFullBatchStepIsLearningRateTimesTheMeanLossGradient() {
        Model initial = TinyData.model(6, false, false);
        TinyData small = new TinyData(20, 9);
        Model trained = new Trainer(TrainingConfig.sgd(1, 20, 0.5, 0, 1, 1)).train(initial, small.images,
                small.labels);
        // the oracle: one forward/backward of the whole set, in the data's own order
        Trace trace = initial.forward(small.images, ForwardOptions.training(0, Parallel.serial()));
        Gradients grads = initial.parameterGradients(trace,
                CrossEntropy.of(trace.output(), small.labels).gradient());
        for (Node node : initial.nodes()) {
            List<Parameter> params = node.layer().parameters();
            for (int k = 0; k < params.size(); k++) {
                float[] p0 = params.get(k).value().data();
                float[] g = grads.of(node.name()).get(k).data();
                float[] p1 = trained.node(node.name()).layer().parameters().get(k).value().data();
                for (int i = 0; i < p0.length; i++) {
                    assertThat((double) p1[i]).as("%s.%s[%d]", node.name(), params.get(k).name(), i)
                            .isCloseTo(p0[i] - 0.5 * g[i], within(1e-5));
                }
            }
        }
    }

    @Test
    void batchNormRunningStatisticsFollowTheBatches() {
        Model initial = TinyData.model(8, true, false);
        TinyData small = new TinyData(12, 4);
        // one step over the whole set: running = 0.9·(0, 1) + 0.1·(batch mean, unbiased batch variance)
        Model trained = new Trainer(TrainingConfig.sgd(1, 12, 0.1, 0, 1, 1)).train(initial, small.images,
                small.labels);
        Tensor conv = initial.forward(small.images, ForwardOptions.inference(Parallel.serial())).activation("conv");
        BatchNorm2d bn = (BatchNorm2d) trained.node("bn").layer();
        int n = conv.dim(0), c = conv.dim(1), area = conv.dim(2) * conv.dim(3);
        for (int ch = 0; ch < c; ch++) {
            double s = 0, ss = 0;
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < area; p++) {
                    s += conv.data()[(i * c + ch) * area + p];
                }
            }
            double mean = s / (n * area);
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < area; p++) {
                    double d = conv.data()[(i * c + ch) * area + p] - mean;
                    ss += d * d;
                }
            }
            double unbiased = ss / (n * area - 1);
            assertThat((double) bn.runningMean().data()[ch]).isCloseTo(0.1 * mean, within(1e-6));
            assertThat((double) bn.runningVar().data()[ch]).isCloseTo(0.9 + 0.1 * unbiased, within(1e-6));
        }
        BatchNorm2d untouched = (BatchNorm2d) initial.node("bn").layer();
        assertThat(untouched.runningMean().data()).containsOnly(0f);
    }

    @Test
    void listenersSeeEveryNthStepAndEpochEndsAndCanSnapshot() {
        List<TrainingProgress> steps = new ArrayList<>();
        List<TrainingProgress> epochs = new ArrayList<>();
        List<Model> snapshots = new ArrayList<>();
        TrainingListener everyFive = TrainingListener.everySteps(5, p -> {
            steps.add(p);
            snapshots.add(p.snapshot());
        });
        TrainingListener epochEnds = TrainingListener.atEpochEnd(epochs::add);
        // 300 images in batches of 32: 10 steps per epoch (the last has 12), 2 epochs
        Model trained = new Trainer(TrainingConfig.sgd(2, 32, 0.1, 0.9, 3, 1), List.of(everyFive, epochEnds))
                .train(TinyData.model(1, false, false), train.images, train.labels);
        assertThat(steps).extracting(TrainingProgress::step).containsExactly(5L, 10L, 15L, 20L);
        assertThat(epochs).extracting(TrainingProgress::epoch).containsExactly(1, 2);
        TrainingProgress last = epochs.get(1);
        assertThat(last.stepInEpoch()).isEqualTo(10);
        assertThat(last.stepsPerEpoch()).isEqualTo(10);
        assertThat(last.imagesInEpoch()).isEqualTo(300);
        assertThat(last.loss()).isPositive().isLessThan(epochs.get(0).loss());
        assertThat(last.accuracy()).isBetween(0.0, 1.0);
        assertThat(last.imagesPerSecond()).isPositive();
        assertThat(last.times().total()).isPositive();
        // the snapshot at the last step equals the returned model, and earlier snapshots differ from it
        assertThat(allParameters(snapshots.get(3))).isEqualTo(allParameters(trained));
        assertThat(allParameters(snapshots.get(0))).isNotEqualTo(allParameters(trained));
        assertThatThrownBy(() -> steps.get(0).snapshot()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsDataThatDoesNotFit() {
        Trainer trainer = new Trainer(TrainingConfig.sgd(1, 4, 0.1, 0, 1, 1));
        Model model = TinyData.model(1, false, false);
        assertThatThrownBy(() -> trainer.train(model, Tensor.zeros(2, 1, 9, 9), new int[2]))
                .isInstanceOf(LoupeException.class).hasMessageContaining("do not fit the model tiny");
        assertThatThrownBy(() -> trainer.train(model, Tensor.zeros(2, 1, 8, 8), new int[3]))
                .isInstanceOf(LoupeException.class).hasMessageContaining("2 training images but 3 labels");
        assertThatThrownBy(() -> trainer.train(model, Tensor.zeros(2, 1, 8, 8), new int[] {0, 3}))
                .isInstanceOf(LoupeException.class).hasMessageContaining("label 3");
    }

    @Test
    void shuffleIsASeededPermutationThatChangesPerEpoch() {
        int[] a = Shuffle.permutation(100, 5, 0);
        assertThat(a).containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, 100).toArray());
        assertThat(Shuffle.permutation(100, 5, 0)).isEqualTo(a);
        assertThat(Shuffle.permutation(100, 5, 1)).isNotEqualTo(a);
        assertThat(Shuffle.permutation(100, 6, 0)).isNotEqualTo(a);
    }

    /** Every parameter and buffer of the model, concatenated in node order. */
    static float[] allParameters(Model model) {
        List<Tensor> all = new ArrayList<>();
        for (Node node : model.nodes()) {
            for (Parameter p : node.layer().parameters()) {
                all.add(p.value().reshape(-1));
            }
        }
        return Tensor.concat(all).data();
    }
}
