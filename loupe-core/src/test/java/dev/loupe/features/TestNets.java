package dev.loupe.features;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loupe.data.Dataset;
import dev.loupe.data.Idx;
import dev.loupe.data.KnownDatasets;
import dev.loupe.data.Split;
import dev.loupe.nn.BackwardRule;
import dev.loupe.nn.ReLU;
import dev.loupe.nn.RuleMap;
import dev.loupe.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Shared fixtures: small random datasets, the real MNIST test set when present, and a DeconvNet rule map. */
final class TestNets {
    private TestNets() {
    }

    /**
     * DeconvNet's rules (Zeiler &amp; Fergus 2014), written out here as the test's own oracle: a ReLU passes the
     * positive part of the signal, whatever its input was; every other layer uses its exact backward step (max-pool
     * routes by its switches, a convolution applies its transpose).
     */
    static final RuleMap DECONVNET = (node, model) -> node.layer() instanceof ReLU
            ? (step, signal) -> List.of(signal.map(v -> Math.max(v, 0)))
            : BackwardRule.GRADIENT;

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

    /** The real MNIST test set from the shared data, or a skipped test. */
    static Dataset mnistTest() {
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
        return Idx.readDataset(dir.resolve(family.images(Split.TEST).fileName()),
                dir.resolve(family.labels(Split.TEST).fileName()), family.transposed(), family.classNames(),
                family.datasetName(Split.TEST));
    }
}
