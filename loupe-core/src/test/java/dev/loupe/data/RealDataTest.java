package dev.loupe.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Reads the real MNIST test set (shared test data) and Debian's Fashion-MNIST, skipping with a reason when absent.
 * The oracles are published facts about these files: counts per class, the first test label, the test-set statistics.
 */
class RealDataTest {
    /** Images per digit in the MNIST test set, as published with the dataset. */
    private static final int[] MNIST_TEST_PER_DIGIT = {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};

    private static Dataset read(Path dir, DatasetFamily family, Split split) {
        return Idx.readDataset(dir.resolve(family.images(split).fileName()), dir.resolve(family.labels(split).fileName()),
                family.transposed(), family.classNames(), family.datasetName(split));
    }

    @Test
    void mnistTestSet() {
        Path dir = TestData.requireMnist();
        Dataset d = read(dir, KnownDatasets.MNIST, Split.TEST);
        assertThat(d.size()).isEqualTo(10_000);
        assertThat(d.images().shape()).containsExactly(10_000, 1, 28, 28);
        assertThat(d.classHistogram()).containsExactly(MNIST_TEST_PER_DIGIT);
        assertThat(d.label(0)).isEqualTo(7);
        assertThat(d.images().min()).isZero();
        assertThat(d.images().max()).isEqualTo(1f);
        // The well-known MNIST test-set statistics (the training set gives the customary 0.1307 / 0.3081).
        Normalization n = Normalization.compute(d);
        assertThat(n.mean()[0]).isCloseTo(0.1325, within(5e-4));
        assertThat(n.std()[0]).isCloseTo(0.3105, within(5e-4));
        // MNIST digits are centred by centre of mass in the 28 x 28 field: the border row is blank.
        for (int i = 0; i < 100; i++) {
            for (int x = 0; x < 28; x++) {
                assertThat(d.images().get(i, 0, 0, x)).isZero();
            }
        }
    }

    @Test
    void mnistSharedFilesAreInTheChecksumTable() {
        Path dir = TestData.requireMnist();
        for (RemoteFile f : KnownDatasets.MNIST.files(Split.TEST)) {
            assertThat(f.trusts(Downloader.sha256Hex(dir.resolve(f.fileName())))).as(f.fileName()).isTrue();
        }
    }

    @Test
    void fashionMnistBothSplits() {
        Path dir = TestData.requireFashionMnist();
        Dataset train = read(dir, KnownDatasets.FASHION_MNIST, Split.TRAIN);
        Dataset test = read(dir, KnownDatasets.FASHION_MNIST, Split.TEST);
        assertThat(train.images().shape()).containsExactly(60_000, 1, 28, 28);
        assertThat(test.images().shape()).containsExactly(10_000, 1, 28, 28);
        // Fashion-MNIST is balanced: 6,000 training and 1,000 test images per class.
        assertThat(train.classHistogram()).containsOnly(6_000);
        assertThat(test.classHistogram()).containsOnly(1_000);
        assertThat(train.classNames()).startsWith("T-shirt/top", "Trouser").endsWith("Ankle boot");
        // The hard-coded constant is what compute() gives on the training set.
        Normalization n = Normalization.compute(train);
        Normalization k = Normalization.FASHION_MNIST;
        assertThat(n.mean()[0]).isCloseTo(k.mean()[0], within(1e-5));
        assertThat(n.std()[0]).isCloseTo(k.std()[0], within(1e-5));
        // ... and agrees with the widely quoted 0.2860 / 0.3530.
        assertThat(n.mean()[0]).isCloseTo(0.2860, within(1e-4));
        assertThat(n.std()[0]).isCloseTo(0.3530, within(1e-4));
    }

    @Test
    void debianFashionFilesAreInTheChecksumTable() {
        Path dir = TestData.requireFashionMnist();
        for (Split s : Split.values()) {
            for (RemoteFile f : KnownDatasets.FASHION_MNIST.files(s)) {
                assertThat(f.trusts(Downloader.sha256Hex(dir.resolve(f.fileName())))).as(f.fileName()).isTrue();
            }
        }
    }
}
