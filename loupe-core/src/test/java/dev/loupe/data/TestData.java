package dev.loupe.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where the real datasets live on a developer's or CI's machine, for tests that skip when they are absent. */
final class TestData {
    private TestData() {
    }

    /**
     * The directory holding the real MNIST test set: {@code <shared>/data/mnist}, where {@code <shared>} is the
     * system property {@code loupe.shared} (set by the pom), else the environment variable {@code LOUPE_SHARED},
     * else {@code /work/shared} (a git worktree's {@code ../shared} does not exist).
     */
    static Optional<Path> mnistDir() {
        List<String> roots = new ArrayList<>();
        for (String r : new String[] {System.getProperty("loupe.shared"), System.getenv("LOUPE_SHARED"),
                "/work/shared"}) {
            if (r != null && !r.isBlank()) {
                roots.add(r);
            }
        }
        for (String root : roots) {
            Path dir = Path.of(root, "data", "mnist");
            if (Files.isRegularFile(dir.resolve("t10k-images-idx3-ubyte.gz"))
                    && Files.isRegularFile(dir.resolve("t10k-labels-idx1-ubyte.gz"))) {
                return Optional.of(dir.toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }

    /** The MNIST test-set directory, or a skipped test that says where it looked. */
    static Path requireMnist() {
        Optional<Path> dir = mnistDir();
        assumeTrue(dir.isPresent(), "real MNIST test set not found in loupe.shared="
                + System.getProperty("loupe.shared") + ", LOUPE_SHARED=" + System.getenv("LOUPE_SHARED")
                + " or /work/shared (data/mnist/t10k-*-ubyte.gz); skipping");
        return dir.get();
    }

    /** Debian's Fashion-MNIST directory, or a skipped test that says how to install it. */
    static Path requireFashionMnist() {
        Path dir = DatasetLocator.DEBIAN_FASHION_MNIST;
        assumeTrue(Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"))
                        && Files.isRegularFile(dir.resolve("t10k-labels-idx1-ubyte.gz")),
                dir + " not present (apt-get install dataset-fashion-mnist); skipping");
        return dir;
    }
}
