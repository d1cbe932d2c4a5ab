package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.data.Dataset;
import dev.loupe.data.Idx;
import dev.loupe.data.Normalization;
import dev.loupe.io.ModelFile;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import dev.loupe.report.TinyReport;
import dev.loupe.train.Trainer;
import dev.loupe.train.TrainingConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code loupe report} end to end on a small model file and small IDX files. */
class ReportCommandTest {
    @TempDir
    Path dir;

    private int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = Loupe.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void writesAFastReportFromAModelFileAndADataFolder() throws Exception {
        Dataset train = TinyReport.strokes(300, 1, "strokes/train");
        Dataset test = TinyReport.strokes(120, 2, "strokes/test");
        Path data = Files.createDirectories(dir.resolve("data"));
        Idx.writeImages(data.resolve("train-images-idx3-ubyte.gz"), train.images(), true);
        Idx.writeLabels(data.resolve("train-labels-idx1-ubyte.gz"), train.labels(), true);
        Idx.writeImages(data.resolve("t10k-images-idx3-ubyte.gz"), test.images(), true);
        Idx.writeLabels(data.resolve("t10k-labels-idx1-ubyte.gz"), test.labels(), true);
        Normalization norm = Normalization.compute(train);
        Model model = new Trainer(TrainingConfig.sgd(1, 32, 0.05, 0.9, 3, 2))
                .train(Architectures.create("seednet", 7), norm.apply(train.images()), train.labels());
        Path file = dir.resolve("model.loupe");
        ModelFile.save(file, model, LoadedModel.provenanceOf(norm), TinyReport.CLASSES);
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = run(out, err, "report", "--model", file.toString(), "--data", data.toString(), "--dataset",
                "mnist", "--out", dir.resolve("report").toString(), "--fast", "--threads", "2", "--seed", "3");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("report written to").contains("index.html");
        String html = Files.readString(dir.resolve("report/index.html"));
        assertThat(html).contains("Inside seednet on mnist").contains(model.digest())
                .contains(String.valueOf(norm.mean()[0])).doesNotContain("class=\"unavailable\"");
        assertThat(dir.resolve("report/img/tsne.png")).exists();
    }

    @Test
    void aMissingModelFileIsAOneLineError() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = run(out, err, "report", "--model", dir.resolve("none.loupe").toString(), "--out",
                dir.resolve("r").toString(), "--fast");
        assertThat(code).isEqualTo(Loupe.USER_ERROR);
        assertThat(err.toString().trim().lines().count()).isEqualTo(1);
        assertThat(err.toString()).startsWith("loupe report: ").contains("none.loupe");
    }
}
