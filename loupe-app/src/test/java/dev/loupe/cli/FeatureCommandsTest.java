package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loupe.data.Dataset;
import dev.loupe.data.Normalization;
import dev.loupe.features.ProgressListener;
import dev.loupe.features.StrongActivation;
import dev.loupe.features.TopActivationSearch;
import dev.loupe.nn.Architectures;
import dev.loupe.tensor.Parallel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The feature commands end to end on the real MNIST test set (skipped when it is absent). */
class FeatureCommandsTest {
    @TempDir
    Path dir;

    private static Path mnist() {
        for (String root : new String[] {System.getProperty("loupe.shared"), System.getenv("LOUPE_SHARED"),
                "/work/shared"}) {
            if (root != null && !root.isBlank()
                    && Files.isRegularFile(Path.of(root, "data", "mnist", "t10k-images-idx3-ubyte.gz"))) {
                return Path.of(root, "data", "mnist");
            }
        }
        assumeTrue(false, "real MNIST test set not found; skipping");
        return null;
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = Loupe.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void topPatchesPrintsTheStrongestActivationAndWritesTheFigure() {
        Path data = mnist();
        Run r = run("top-patches", "--model", "seednet", "--data", data.toString(), "--range", "0:40",
                "--layer", "conv1", "--units", "0,3", "--threads", "2", "-o", dir.resolve("top").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.exists(dir.resolve("top-conv1.png"))).isTrue();
        // the same search from the library
        Dataset d = new DataOptionsProbe(data).images().subset(0, 40);
        StrongActivation best = new TopActivationSearch(List.of("conv1"), 9, 256)
                .run(Architectures.create("seednet", 42), d, Normalization.MNIST::apply, Parallel.of(2),
                        ProgressListener.NONE).of("conv1", 3).get(0);
        assertThat(r.out()).contains(String.format("conv1 unit 3: strongest %.4f on image %d at (%d, %d)",
                best.value(), best.image(), best.y(), best.x()));
    }

    @Test
    void badRequestsAreOneLineErrors() {
        Path data = mnist();
        Run r = run("top-patches", "--model", "seednet", "--data", data.toString(), "--layer", "conv9", "-o",
                dir.resolve("x").toString());
        assertThat(r.code()).isEqualTo(Loupe.USER_ERROR);
        assertThat(r.err().strip()).startsWith("loupe top-patches: no layer named 'conv9'; layers are: conv1")
                .doesNotContain("\n");
        Run units = run("top-patches", "--model", "seednet", "--data", data.toString(), "--layer", "conv1",
                "--units", "12", "-o", dir.resolve("x").toString());
        assertThat(units.err().strip())
                .isEqualTo("loupe top-patches: unit 12 does not exist in layer conv1, which has 10 units (0..9)");
        Run k = run("top-patches", "--model", "seednet", "--data", data.toString(), "--range", "0:5", "-k", "9",
                "-o", dir.resolve("x").toString());
        assertThat(k.err()).contains("k = 9 is larger than the dataset");
        Run empty = run("invariance", "--model", "seednet", "--data", data.toString(), "--transform", "rotation",
                "--from", "10", "--to", "0", "--step", "5", "--csv", dir.resolve("c.csv").toString());
        assertThat(empty.err().strip()).isEqualTo("loupe invariance: the rotation range 10.0..0.0 is empty");
    }

    @Test
    void invarianceWritesItsCsv() throws Exception {
        Path data = mnist();
        Path csv = dir.resolve("inv.csv");
        Run r = run("invariance", "--model", "seednet", "--data", data.toString(), "--transform", "translation",
                "--from", "0", "--to", "2", "--step", "1", "--images", "3", "--csv", csv.toString(), "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(1 + 3 * 3);
        assertThat(lines.get(0)).isEqualTo("transformation,value,image,label,distance_relu1,distance_relu3,probability");
    }

    /** Reads the MNIST test split the way the commands do. */
    private record DataOptionsProbe(Path dir) {
        Dataset images() {
            DataOptions o = new DataOptions();
            o.data = dir;
            o.dataset = "auto";
            return o.locate(dev.loupe.data.Split.TEST).dataset();
        }
    }
}
