package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.data.Idx;
import dev.loupe.io.ModelFile;
import dev.loupe.io.Npy;
import dev.loupe.render.Png;
import dev.loupe.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The main commands end to end on a small synthetic IDX dataset whose class is the position of a bright bar, so a
 * model learns it in one short epoch; and the one-line errors with exit code 2 for bad input.
 */
class CommandLineTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path model;

    /** Output and exit code of one run. */
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = Loupe.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** 28×28 images of a horizontal bar at a row that depends on the class, plus noise. */
    private static void write(String prefix, int n, long seed) {
        Random r = new Random(seed);
        Tensor images = Tensor.zeros(n, 1, 28, 28);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            int row = 3 + 2 * labels[i];
            for (int p = 0; p < 784; p++) {
                images.data()[i * 784 + p] = (float) (0.1 * r.nextDouble());
            }
            for (int x = 4; x < 24; x++) {
                images.data()[i * 784 + row * 28 + x] = 1f;
                images.data()[i * 784 + (row + 1) * 28 + x] = 1f;
            }
        }
        Idx.writeImages(data.resolve(prefix + "-images-idx3-ubyte.gz"), images, true);
        Idx.writeLabels(data.resolve(prefix + "-labels-idx1-ubyte.gz"), labels, true);
    }

    @BeforeAll
    static void trainOnce() throws Exception {
        data = Files.createDirectories(dir.resolve("bars"));
        write("train", 600, 1);
        write("t10k", 200, 2);
        model = dir.resolve("bars.loupe");
        Run r = run("train", "--arch", "seednet", "--data", data.toString(), "--epochs", "2", "--batch", "16",
                "--threads", "2", "--out", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("accuracy: 0\\.9\\d+|accuracy: 1\\.0000");
        assertThat(ModelFile.load(model).provenance()).containsKeys("dataset", "accuracy", LoadedModel.MEAN_KEY);
    }

    @Test
    void evalPrintsAccuracyAndConfusion() {
        Run r = run("eval", "--model", model.toString(), "--data", data.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("accuracy: ").contains("true \\ predicted");
    }

    @Test
    void predictListsProbabilitiesBestFirst() {
        Run r = run("predict", "--model", model.toString(), "--data", data.toString(), "--index", "3", "--top", "3");
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[1].strip()).startsWith("3 ");
        double first = Double.parseDouble(lines[1].strip().split("\\s+")[1]);
        double second = Double.parseDouble(lines[2].strip().split("\\s+")[1]);
        assertThat(first).isGreaterThanOrEqualTo(second);
    }

    @Test
    void explainWritesAPictureWithProvenanceAndTheRawNumbers() {
        Path png = dir.resolve("gc.png"), npy = dir.resolve("gc.npy");
        Run r = run("explain", "--model", model.toString(), "--data", data.toString(), "--index", "1", "--method",
                "gradient-x-input", "--out", png.toString(), "--raw", npy.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Png.readText(png)).containsEntry("loupe.method", "gradient-x-input");
        assertThat(Npy.read(npy).shape()).containsExactly(1, 1, 28, 28);
    }

    @Test
    void occludeLocalizeTsneAndNeighboursWriteTheirOutputs() throws Exception {
        Path occ = dir.resolve("occ.png");
        assertThat(run("occlude", "--model", model.toString(), "--data", data.toString(), "--index", "2",
                "--out", occ.toString()).code()).isZero();
        assertThat(Png.read(occ).getWidth()).isGreaterThan(200);
        Run loc = run("localize", "--model", model.toString(), "--data", data.toString(), "--eval", "--limit", "50");
        assertThat(loc.code()).as(loc.err()).isZero();
        assertThat(loc.out()).contains("mean IoU");
        Path y = dir.resolve("y.csv");
        Run tsne = run("tsne", "--model", model.toString(), "--data", data.toString(), "--limit", "120",
                "--perplexity", "10", "--iterations", "250", "--out", y.toString());
        assertThat(tsne.code()).as(tsne.err()).isZero();
        assertThat(Files.readAllLines(y)).hasSize(121).first().isEqualTo("x,y");
        Path grid = dir.resolve("nn.png");
        Run nn = run("neighbours", "--model", model.toString(), "--data", data.toString(), "--query", "0,1", "-k",
                "4", "--out", grid.toString());
        assertThat(nn.code()).as(nn.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("nn.csv"))).hasSize(1 + 2 * 4);
    }

    @Test
    void badInputGetsOneLineAndExitCodeTwo() throws Exception {
        Path corrupt = dir.resolve("corrupt.loupe");
        Files.write(corrupt, new byte[] {1, 2, 3});
        Path big = dir.resolve("big.png");
        Png.write(new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), big);
        String[][] cases = {
            {"eval", "--model", corrupt.toString(), "--data", data.toString()},
            {"eval", "--model", "nosuchnet"},
            {"predict", "--model", model.toString(), "--image", big.toString()},
            {"predict", "--model", model.toString(), "--data", data.toString(), "--index", "9999"},
            {"explain", "--model", model.toString(), "--data", data.toString(), "--index", "0", "--method", "nope",
                "--out", dir.resolve("x.png").toString()},
            {"explain", "--model", model.toString(), "--data", data.toString(), "--index", "0", "--method", "gradcam",
                "--param", "layer=conv9", "--out", dir.resolve("x.png").toString()},
            {"explain", "--model", model.toString(), "--data", data.toString(), "--index", "0", "--method",
                "saliency", "--target", "12", "--out", dir.resolve("x.png").toString()},
            {"train", "--arch", "vgg", "--data", data.toString()},
            {"tsne", "--input", corrupt.toString(), "--out", dir.resolve("t.csv").toString()},
        };
        for (String[] args : cases) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().strip().split("\n")).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("loupe ").doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(Files.exists(dir.resolve("x.png"))).isFalse();
    }
}
