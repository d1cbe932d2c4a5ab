package dev.loupe.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.nn.AvgPool2d;
import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Dropout;
import dev.loupe.nn.Flatten;
import dev.loupe.nn.GlobalAvgPool;
import dev.loupe.nn.MaxPool2d;
import dev.loupe.nn.Model;
import dev.loupe.nn.PoolWindow;
import dev.loupe.nn.ReLU;
import dev.loupe.nn.Softmax;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest loader on small hand-written sets. */
class ReferenceSetTest {
    @TempDir
    Path dir;

    /** conv(1→2, k1) → relu → add(relu, conv) → adaptive avg pool → flatten → linear(2→3), one 2×2 image. */
    private static final String TINY_MODEL = """
            "tiny": {"input_shape": [1, 2, 2], "layers": [
              {"name": "conv1", "inputs": ["input"], "type": "conv2d", "in_channels": 1, "out_channels": 2,
               "kernel": [1, 1], "stride": [1, 1], "padding": [0, 0], "dilation": [1, 1], "groups": 1, "bias": true,
               "params": {"weight": {"file": "p/conv1.weight.bin", "shape": [2, 1, 1, 1], "dtype": "float32"},
                          "bias": {"file": "p/conv1.bias.bin", "shape": [2]}}},
              {"name": "relu1", "inputs": ["conv1"], "type": "relu"},
              {"name": "res", "inputs": ["relu1", "conv1"], "type": "add"},
              {"name": "gap", "inputs": ["res"], "type": "adaptiveavgpool2d", "output_size": 1},
              {"name": "flatten", "inputs": ["gap"], "type": "flatten", "start_dim": 1, "end_dim": -1},
              {"name": "fc", "inputs": ["flatten"], "type": "linear", "in_features": 2, "out_features": 3,
               "bias": true, "params": {"weight": {"file": "p/fc.weight.bin", "shape": [3, 2]},
                                        "bias": {"file": "p/fc.bias.bin", "shape": [3]}}}]}""";

    private static final String TINY_CASE = """
            {"id": "tiny/logits", "model": "tiny", "method": "logits", "input": {"file": "in.bin", "shape": [1, 1, 2, 2]},
             "targets": [0], "hyperparameters": {"note": "x", "n": 3},
             "outputs": {"logits": {"file": "out.bin", "shape": [1, 3], "rtol": 0.0001, "atol": 0.00001}}}""";

    private void writeTinyTensors() throws Exception {
        Files.createDirectories(dir.resolve("p"));
        bin("p/conv1.weight.bin", 2, -1);
        bin("p/conv1.bias.bin", 1, 0);
        bin("p/fc.weight.bin", 1, 1, 0, -2, 0.5f, 0);
        bin("p/fc.bias.bin", 0, 1, -1);
        bin("in.bin", 1, -2, 3, 4);
        // conv: [3, -3, 7, 9] and [-1, 2, -3, -4]; relu + conv: [6, -3, 14, 18] and [-1, 4, -3, -4];
        // means 8.75 and -1; fc: [8.75 - 1, 2 + 1, 4.375 - 1]
        bin("out.bin", 7.75f, 3, 3.375f);
    }

    private void bin(String name, float... values) {
        RawFloat32.write(dir.resolve(name), Tensor.of(values, values.length));
    }

    private void manifest(String models, String cases) throws Exception {
        manifest(1, models, cases);
    }

    private void manifest(int version, String models, String cases) throws Exception {
        Files.writeString(dir.resolve("manifest.json"), "{\"format_version\": " + version + ", \"set\": \"test\", "
                + "\"models\": {" + models + "}, \"cases\": [" + cases + "]}");
    }

    @Test
    void buildsAResidualModelThatGivesHandComputedLogits() throws Exception {
        writeTinyTensors();
        manifest(TINY_MODEL, TINY_CASE);
        ReferenceSet set = ReferenceSet.load(dir);
        Model model = set.model("tiny");
        assertThat(model.nodeNames()).containsExactly("conv1", "relu1", "res", "gap", "flatten", "fc");
        assertThat(model.node("res").inputs()).containsExactly("relu1", "conv1");
        assertThat(model.node("gap").layer()).isInstanceOf(GlobalAvgPool.class);
        Tensor logits = model.predict(set.cases().get(0).loadInput());
        assertThat(logits.data()).containsExactly(7.75f, 3f, 3.375f);
        assertThat(set.model("tiny")).isSameAs(model);
    }

    @Test
    void parsesCaseFields() throws Exception {
        writeTinyTensors();
        manifest(TINY_MODEL, TINY_CASE);
        ReferenceCase c = ReferenceSet.load(dir.resolve("manifest.json")).cases().get(0);
        assertThat(c.id()).isEqualTo("tiny/logits");
        assertThat(c.method()).isEqualTo("logits");
        assertThat(c.targetArray()).containsExactly(0);
        assertThat(c.integer("n")).isEqualTo(3);
        assertThat(c.text("note")).isEqualTo("x");
        assertThat(c.hyperparameterMap()).containsEntry("n", 3);
        ExpectedOutput out = c.outputs().get("logits");
        assertThat(out.tolerance()).isEqualTo(new Tolerance(1e-4, 1e-5));
        assertThat(out.tensor().file()).isEqualTo(dir.toAbsolutePath().resolve("out.bin"));
        assertThat(out.tensor().shape()).containsExactly(1, 3);
        assertThatThrownBy(() -> c.number("missing")).isInstanceOf(LoupeException.class)
                .hasMessageContaining("tiny/logits").hasMessageContaining("'missing'");
        assertThatThrownBy(() -> c.loadAux("noise")).isInstanceOf(LoupeException.class)
                .hasMessageContaining("no auxiliary input 'noise'");
    }

    @Test
    void runnerPassesAndFailsCasesOfASmallSet() throws Exception {
        writeTinyTensors();
        String wrong = TINY_CASE.replace("tiny/logits", "tiny/wrong").replace("out.bin", "wrong.bin");
        String unknown = TINY_CASE.replace("tiny/logits", "tiny/magic").replace("\"logits\"", "\"magic\"");
        bin("wrong.bin", 7.75f, 3.01f, 3.375f);
        manifest(TINY_MODEL, TINY_CASE + "," + wrong + "," + unknown);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Conformance.standard().run(dir, Optional.empty(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        var lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(code).isEqualTo(1);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("pass tiny/logits max_err=0.000e+00");
        assertThat(lines.get(1)).startsWith("fail tiny/wrong max_err=1.000e-02").contains("logits[0, 1]");
        assertThat(lines.get(2)).isEqualTo("fail tiny/magic max_err=NaN (no implementation of method magic)");
        assertThat(lines.get(3)).isEqualTo("1 passed, 2 failed");
        assertThat(Conformance.standard().run(dir, Optional.of("logits"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).isEqualTo(1);
    }

    @Test
    void mapsEveryLayerKindAndOption() throws Exception {
        Random random = new Random(5);
        Tensor convW = Tensor.randn(random, 1, 4, 1, 3, 2), convB = Tensor.randn(random, 1, 4);
        Tensor gamma = Tensor.randn(random, 1, 4), beta = Tensor.randn(random, 1, 4);
        Tensor mean = Tensor.randn(random, 1, 4), var = Tensor.full(0.7f, 4);
        Files.createDirectories(dir.resolve("k"));
        for (var e : java.util.Map.of("cw", convW, "cb", convB, "g", gamma, "b", beta, "m", mean, "v", var).entrySet()) {
            RawFloat32.write(dir.resolve("k/" + e.getKey() + ".bin"), e.getValue());
        }
        String model = """
                "kinds": {"input_shape": [2, 9, 8], "layers": [
                  {"name": "conv", "type": "conv2d", "inputs": ["input"], "in_channels": 2, "out_channels": 4,
                   "kernel": [3, 2], "stride": [2, 1], "padding": [1, 0], "dilation": [1, 2], "groups": 2,
                   "params": {"weight": {"file": "k/cw.bin", "shape": [4, 1, 3, 2]}, "bias": {"file": "k/cb.bin", "shape": [4]}}},
                  {"name": "bn", "type": "batchnorm2d", "inputs": ["conv"], "num_features": 4, "eps": 0.001,
                   "params": {"weight": {"file": "k/g.bin", "shape": [4]}, "bias": {"file": "k/b.bin", "shape": [4]},
                              "running_mean": {"file": "k/m.bin", "shape": [4]}, "running_var": {"file": "k/v.bin", "shape": [4]}}},
                  {"name": "mp", "type": "maxpool2d", "inputs": ["bn"], "kernel": 3, "stride": 2, "padding": 1, "ceil_mode": true},
                  {"name": "ap", "type": "avgpool2d", "inputs": ["mp"], "kernel": [2, 2], "stride": [1, 1], "padding": [1, 1],
                   "ceil_mode": false, "count_include_pad": false},
                  {"name": "drop", "type": "dropout", "inputs": ["ap"], "p": 0.25},
                  {"name": "g", "type": "globalavgpool", "inputs": ["drop"]},
                  {"name": "flat", "type": "flatten", "inputs": ["g"]},
                  {"name": "sm", "type": "softmax", "inputs": ["flat"], "dim": 1}]}""";
        manifest(model, "");
        Model loaded = ReferenceSet.load(dir).model("kinds");
        Model direct = Model.builder("kinds", 2, 9, 8)
                .add("conv", new Conv2d(new ConvGeometry(2, 4, 3, 2, 2, 1, 1, 0, 1, 2, 2), convW, convB))
                .add("bn", new BatchNorm2d(gamma, beta, mean, var, 1e-3, 0.1))
                .add("mp", new MaxPool2d(new PoolWindow(3, 3, 2, 2, 1, 1, 1, 1, true)))
                .add("ap", new AvgPool2d(new PoolWindow(2, 2, 1, 1, 1, 1, 1, 1, false), false))
                .add("drop", new Dropout(0.25)).add("g", new GlobalAvgPool()).add("flat", new Flatten())
                .add("sm", new Softmax()).build();
        for (int i = 0; i < direct.nodes().size(); i++) {
            assertThat(loaded.nodes().get(i).layer()).as(direct.nodes().get(i).name())
                    .usingRecursiveComparison().isEqualTo(direct.nodes().get(i).layer());
        }
        Tensor x = Tensor.randn(random, 1, 2, 2, 9, 8);
        assertThat(loaded.predict(x).data()).containsExactly(direct.predict(x).data());
    }

    @Test
    void rejectsOtherFormatVersions() throws Exception {
        manifest(2, "", "");
        assertThatThrownBy(() -> ReferenceSet.load(dir)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("format_version 2 is not supported").hasMessageContaining("manifest.json");
    }

    @Test
    void rejectsMissingManifestAndBadJson() throws Exception {
        assertThatThrownBy(() -> ReferenceSet.load(dir)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("no reference manifest");
        Files.writeString(dir.resolve("manifest.json"), "{\"format_version\": 1,");
        assertThatThrownBy(() -> ReferenceSet.load(dir)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void unknownLayerTypeNamesTheLayerAndTheKnownTypes() throws Exception {
        manifest("\"m\": {\"input_shape\": [1, 4, 4], \"layers\": [{\"name\": \"act\", \"type\": \"gelu\"}]}", "");
        ReferenceSet set = ReferenceSet.load(dir);
        assertThatThrownBy(() -> set.model("m")).isInstanceOf(LoupeException.class)
                .hasMessageContaining("layer 'act' of model 'm' has unknown type 'gelu'")
                .hasMessageContaining("conv2d").hasMessageContaining("adaptiveavgpool2d");
    }

    @Test
    void parameterProblemsNameTheLayer() throws Exception {
        writeTinyTensors();
        manifest(TINY_MODEL.replace("\"shape\": [3, 2]", "\"shape\": [2, 3]"), "");
        assertThatThrownBy(() -> ReferenceSet.load(dir).model("tiny")).isInstanceOf(LoupeException.class)
                .hasMessageContaining("layer 'fc' of model 'tiny'").hasMessageContaining("[2, 3]");
        Files.write(dir.resolve("p/fc.bias.bin"), new byte[8]);
        manifest(TINY_MODEL, "");
        assertThatThrownBy(() -> ReferenceSet.load(dir).model("tiny")).isInstanceOf(LoupeException.class)
                .hasMessageContaining("fc.bias.bin").hasMessageContaining("expected 12 bytes");
    }

    @Test
    void graphProblemsAreReported() throws Exception {
        writeTinyTensors();
        manifest(TINY_MODEL.replace("[\"relu1\", \"conv1\"]", "[\"relu1\", \"fc\"]"), "");
        assertThatThrownBy(() -> ReferenceSet.load(dir).model("tiny")).isInstanceOf(LoupeException.class)
                .hasMessageContaining("layer 'res'").hasMessageContaining("'fc', which is not an earlier layer");
        manifest(TINY_MODEL.replace("[\"relu1\", \"conv1\"]", "[\"relu1\"]"), "");
        assertThatThrownBy(() -> ReferenceSet.load(dir).model("tiny")).isInstanceOf(LoupeException.class)
                .hasMessageContaining("layer 'res'").hasMessageContaining("takes 2 input(s)");
        manifest(TINY_MODEL.replace("\"in_features\": 2", "\"in_features\": 5")
                .replace("\"shape\": [3, 2]", "\"shape\": [3, 5]"), "");
        Files.write(dir.resolve("p/fc.weight.bin"), new byte[60]);
        assertThatThrownBy(() -> ReferenceSet.load(dir).model("tiny")).isInstanceOf(LoupeException.class)
                .hasMessageContaining("layer 'fc' of model 'tiny'").hasMessageContaining("needs input [5]");
    }

    @Test
    void caseInputMustFitTheModelAndTargetsTheBatch() throws Exception {
        writeTinyTensors();
        manifest(TINY_MODEL, TINY_CASE.replace("\"shape\": [1, 1, 2, 2]", "\"shape\": [1, 1, 3, 2]"));
        assertThatThrownBy(() -> ReferenceSet.load(dir)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("case tiny/logits has input shape [1, 1, 3, 2]")
                .hasMessageContaining("takes [N, 1, 2, 2] images");
        manifest(TINY_MODEL, TINY_CASE.replace("\"targets\": [0]", "\"targets\": [0, 1]"));
        assertThatThrownBy(() -> ReferenceSet.load(dir)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("2 targets for 1 images");
    }

    @Test
    void caseOfAnUndefinedModelIsRejected() throws Exception {
        writeTinyTensors();
        manifest(TINY_MODEL, TINY_CASE.replace("\"model\": \"tiny\"", "\"model\": \"huge\""));
        assertThatThrownBy(() -> ReferenceSet.load(dir)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("case tiny/logits uses model 'huge'").hasMessageContaining("[tiny]");
    }
}
