package dev.loupe.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedReferenceTest {
    @TempDir
    Path dir;

    @Test
    void takesTheFirstCandidateWithAManifestAndNothingOtherwise() throws Exception {
        Path shared = dir.resolve("shared");
        Files.createDirectories(shared.resolve("reference"));
        Files.writeString(shared.resolve("reference/manifest.json"), "{}");
        assertThat(SharedReference.find(Arrays.asList(null, dir.resolve("none").toString(), shared.toString())))
                .contains(shared.resolve("reference"));
        assertThat(SharedReference.find(Arrays.asList(null, "", dir.resolve("none").toString()))).isEmpty();
    }
}
