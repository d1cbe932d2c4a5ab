package dev.loupe.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.data.Dataset;
import dev.loupe.data.Normalization;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import org.junit.jupiter.api.Test;

/**
 * Real-data accuracy of the whole training stack: seednet trained for 5 epochs on the first 8,000 digits of the
 * MNIST test set (the only real MNIST split shipped with the project) must classify the last 2,000 with at least
 * 97.5% accuracy, with the recipe PyTorch reaches 98.1% with (SGD, momentum 0.9, learning rate 0.01, batch 64).
 * Skips, saying why, when the data is absent.
 */
class SeedNetAccuracyTest {

    @Test
    void seednetLearnsMnistDigits() {
        Dataset all = RealData.mnistTest();
        Dataset normalized = new Dataset(Normalization.MNIST.apply(all.images()), all.labels(), all.classNames(),
                all.name());
        Dataset train = normalized.subset(0, 8_000);
        Dataset heldOut = normalized.subset(8_000, 10_000);
        TrainingConfig config = TrainingConfig.sgd(5, 64, 0.01, 0.9, 42, 2);
        Model model = new Trainer(config, java.util.List.of(TrainingListener.atEpochEnd(System.out::println)))
                .train(Architectures.create("seednet", 42), train);
        Evaluation eval = Evaluation.of(model, heldOut, 500, config.parallel());
        System.out.println(eval);
        assertThat(eval.accuracy()).isGreaterThanOrEqualTo(0.975);
    }
}
