package dev.loupe.features;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loupe.data.Dataset;
import dev.loupe.data.Idx;
import dev.loupe.data.KnownDatasets;
import dev.loupe.data.Normalization;
import dev.loupe.data.Split;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import dev.loupe.train.Trainer;
import dev.loupe.train.TrainingConfig;
import dev.loupe.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Shared fixtures: small random datasets, the real MNIST test set when present, and a trained seednet. */
final class TestNets {
    private TestNets() {
    }

    /** {@code n} random 28x28 grey images in [0, 1], with random labels over 10 classes. */
    static Dataset random(int n, long seed) {
        Random random = new Random(seed);
        Tensor images = Tensor.zeros(n, 1, 28, 28);
        int[] labels = new int[n];
        for (int i = 0; i < images.size(); i++) {
            images.data()[i] = random.nextFloat();
        }
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(10);
        }
        return new Dataset(images, labels, KnownDatasets.MNIST.classNames(), "random");
    }

    private static Model trained;
    private static Dataset mnist;

    /**
     * Seednet trained for one epoch of SGD (lr 0.05, momentum 0.9, batch 32) on the first 4,000 real MNIST test
     * digits, normalised with {@link Normalization#MNIST}; trained once per test JVM. Skips without the data.
     */
    static synchronized Model trainedSeednet() {
        if (trained == null) {
            Dataset data = mnistTest();
            Tensor x = Normalization.MNIST.apply(data.images().slice(0, 4000));
            int[] y = java.util.Arrays.copyOf(data.labels(), 4000);
            trained = new Trainer(TrainingConfig.sgd(1, 32, 0.05, 0.9, 1, 2))
                    .train(Architectures.create("seednet", 1), x, y);
        }
        return trained;
    }

    /** The real MNIST test set from the shared data, or a skipped test. */
    static synchronized Dataset mnistTest() {
        if (mnist != null) {
            return mnist;
        }
        Path dir = null;
        for (String root : new String[] {System.getProperty("loupe.shared"), System.getenv("LOUPE_SHARED"),
                "/work/shared"}) {
            if (root != null && !root.isBlank()
                    && Files.isRegularFile(Path.of(root, "data", "mnist", "t10k-images-idx3-ubyte.gz"))) {
                dir = Path.of(root, "data", "mnist");
                break;
            }
        }
        assumeTrue(dir != null, "real MNIST test set (data/mnist/t10k-*-ubyte.gz) not found under loupe.shared, "
                + "LOUPE_SHARED or /work/shared; skipping");
        var family = KnownDatasets.MNIST;
        mnist = Idx.readDataset(dir.resolve(family.images(Split.TEST).fileName()),
                dir.resolve(family.labels(Split.TEST).fileName()), family.transposed(), family.classNames(),
                family.datasetName(Split.TEST));
        return mnist;
    }
}
