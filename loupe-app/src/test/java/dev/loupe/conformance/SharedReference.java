package dev.loupe.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the developer reference set for tests: system property {@code loupe.shared} (set by the parent pom),
 * then environment variable {@code LOUPE_SHARED}, then {@code /work/shared}; each names the shared folder holding
 * {@code reference/manifest.json}.
 */
final class SharedReference {
    private SharedReference() {
    }

    static Optional<Path> find() {
        List<String> candidates = new ArrayList<>();
        candidates.add(System.getProperty("loupe.shared"));
        candidates.add(System.getenv("LOUPE_SHARED"));
        candidates.add("/work/shared");
        return find(candidates);
    }

    /** The first candidate shared folder (nulls allowed) whose {@code reference/manifest.json} exists. */
    static Optional<Path> find(List<String> candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                Path dir = Path.of(c).resolve("reference");
                if (Files.isRegularFile(dir.resolve("manifest.json"))) {
                    return Optional.of(dir);
                }
            }
        }
        return Optional.empty();
    }

    /** The reference folder, or a skipped test when it is not present on this machine. */
    static Path requireDir() {
        Optional<Path> dir = find();
        Assumptions.assumeTrue(dir.isPresent(), "reference set not found (tried -Dloupe.shared="
                + System.getProperty("loupe.shared") + ", $LOUPE_SHARED=" + System.getenv("LOUPE_SHARED")
                + ", /work/shared): skipping");
        return dir.get();
    }
}
