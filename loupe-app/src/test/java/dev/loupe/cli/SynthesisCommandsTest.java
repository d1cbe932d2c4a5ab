package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.render.Png;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code loupe synthesize} and {@code loupe dream} end to end on an untrained built-in model. */
class SynthesisCommandsTest {
    @TempDir
    Path dir;

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
    void synthesizeWritesOneTilePerObjective() throws Exception {
        Path png = dir.resolve("classes.png");
        Run r = run("synthesize", "--model", "seednet", "--objective", "class:3,channel:conv2:1", "--steps", "5",
                "--threads", "1", "--out", png.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("class:3: ").contains("channel:conv2:1: ").contains("wrote " + png);
        assertThat(Files.size(png)).isPositive();
        assertThat(Png.readText(png)).containsEntry("loupe.method", "synthesis.digits");
    }

    @Test
    void dreamWritesInputAndDream() throws Exception {
        Path image = dir.resolve("digit.png");
        java.awt.image.BufferedImage digit = new java.awt.image.BufferedImage(28, 28,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 6; y < 22; y++) {
            digit.getRaster().setSample(13, y, 0, 255);
            digit.getRaster().setSample(14, y, 0, 255);
        }
        Png.write(digit, image);
        Path png = dir.resolve("dream.png");
        Run r = run("dream", "--model", "seednet", "--image", image.toString(), "--layer", "relu1", "--steps", "3",
                "--threads", "1", "--out", png.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("octave 14x14").contains("octave 28x28").contains("wrote " + png);
        assertThat(Files.size(png)).isPositive();
    }

    @Test
    void badSettingsAreOneLineUserErrors() {
        Path png = dir.resolve("x.png");
        Run steps = run("synthesize", "--model", "seednet", "--steps", "0", "--out", png.toString());
        assertThat(steps.code()).isEqualTo(Loupe.USER_ERROR);
        assertThat(steps.err().strip()).startsWith("loupe synthesize: ").contains("at least one step")
                .doesNotContain("\n");
        Run objective = run("synthesize", "--model", "seednet", "--objective", "banana", "--out", png.toString());
        assertThat(objective.code()).isEqualTo(Loupe.USER_ERROR);
        assertThat(objective.err()).contains("unknown objective 'banana'");
        Run flat = run("dream", "--model", "seednet", "--index", "0", "--layer", "fc1", "--out", png.toString());
        assertThat(flat.code()).isEqualTo(Loupe.USER_ERROR);
    }
}
