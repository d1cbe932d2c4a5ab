package dev.loupe.train;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loupe.data.Dataset;
import dev.loupe.data.DatasetFamily;
import dev.loupe.data.DatasetLocator;
import dev.loupe.data.Idx;
import dev.loupe.data.KnownDatasets;
import dev.loupe.data.Split;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real datasets for accuracy tests and profiling, or a skipped test that says where they were looked for. */
final class RealData {
    private RealData() {
    }

    /**
     * The MNIST test set (10,000 digits) from {@code <shared>/data/mnist}, where {@code <shared>} is the first of the
     * system property {@code loupe.shared}, the environment variable {@code LOUPE_SHARED} and {@code /work/shared}
     * that holds it.
     */
    static Dataset mnistTest() {
        Path dir = Path.of("/work/shared", "data", "mnist");
        for (String root : new String[] {System.getProperty("loupe.shared"), System.getenv("LOUPE_SHARED")}) {
            if (root != null && !root.isBlank()
                    && Files.isRegularFile(Path.of(root, "data", "mnist", "t10k-images-idx3-ubyte.gz"))) {
                dir = Path.of(root, "data", "mnist");
                break;
            }
        }
        return read(dir, KnownDatasets.MNIST, Split.TEST);
    }

    /** A Fashion-MNIST split from Debian's {@code dataset-fashion-mnist}. */
    static Dataset fashionMnist(Split split) {
        return read(DatasetLocator.DEBIAN_FASHION_MNIST, KnownDatasets.FASHION_MNIST, split);
    }

    private static Dataset read(Path dir, DatasetFamily family, Split split) {
        Path images = dir.resolve(family.images(split).fileName());
        Path labels = dir.resolve(family.labels(split).fileName());
        assumeTrue(Files.isRegularFile(images) && Files.isRegularFile(labels),
                family.title() + " " + split.id() + " not found at " + dir + "; skipping");
        return Idx.readDataset(images, labels, family.transposed(), family.classNames(), family.datasetName(split));
    }
}
