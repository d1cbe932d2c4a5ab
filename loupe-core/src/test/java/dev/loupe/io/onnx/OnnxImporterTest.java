package dev.loupe.io.onnx;

import static dev.loupe.io.onnx.OnnxBuilder.integer;
import static dev.loupe.io.onnx.OnnxBuilder.ints;
import static dev.loupe.io.onnx.OnnxBuilder.real;
import static dev.loupe.io.onnx.OnnxBuilder.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.io.ModelFile;
import dev.loupe.io.SavedModel;
import dev.loupe.nn.Add;
import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Flatten;
import dev.loupe.nn.Linear;
import dev.loupe.nn.MaxPool2d;
import dev.loupe.nn.Model;
import dev.loupe.nn.PoolWindow;
import dev.loupe.nn.ReLU;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxImporterTest {
    @TempDir
    Path dir;

    private final Random random = new Random(5);

    private float[] randoms(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private Path write(String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SavedModel importBytes(byte[] bytes) {
        return OnnxImporter.load(write("m.onnx", bytes));
    }

    private static void assertClose(Tensor actual, Tensor expected) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        for (int i = 0; i < actual.size(); i++) {
            float a = actual.data()[i], e = expected.data()[i];
            assertThat(Math.abs(a - e)).as("element %d: %s vs %s", i, a, e).isLessThanOrEqualTo(1e-5f + 1e-5f * Math.abs(e));
        }
    }

    /** A PyTorch-style export: Conv → Relu → MaxPool → Reshape [0, -1] → Gemm(transB=1), named by module. */
    @Test
    void importsAPyTorchStyleCnnWithModuleNames() {
        float[] w = randoms(2 * 1 * 3 * 3), b = randoms(2), fw = randoms(3 * 8), fb = randoms(3);
        byte[] bytes = new OnnxBuilder(13).input("input", 1, 5, 5).output("logits")
                .floats("conv1.weight", w, 2, 1, 3, 3).floats("conv1.bias", b, 2)
                .floats("fc1.weight", fw, 3, 8).floats("fc1.bias", fb, 3)
                .longs("flat_shape", new long[] {0, -1}, 2)
                .node("Conv", "/conv1/Conv", List.of("input", "conv1.weight", "conv1.bias"), List.of("c1"),
                        ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1), ints("strides", 1, 1),
                        ints("dilations", 1, 1), integer("group", 1))
                .node("Relu", "/relu1/Relu", List.of("c1"), List.of("r1"))
                .node("MaxPool", "/pool1/MaxPool", List.of("r1"), List.of("p1"), ints("kernel_shape", 2, 2),
                        ints("strides", 2, 2), ints("pads", 0, 0, 0, 0), integer("ceil_mode", 0))
                .node("Identity", "", List.of("p1"), List.of("p1b"))
                .node("Reshape", "/flatten/Reshape", List.of("p1b", "flat_shape"), List.of("f"))
                .node("Gemm", "/fc1/Gemm", List.of("f", "fc1.weight", "fc1.bias"), List.of("logits"),
                        real("alpha", 1), real("beta", 1), integer("transB", 1))
                .toBytes();
        SavedModel saved = importBytes(bytes);
        Model model = saved.model();
        assertThat(model.nodeNames()).containsExactly("conv1", "relu1", "pool1", "flatten", "fc1");
        assertThat(model.inputShape()).containsExactly(1, 5, 5);
        assertThat(saved.provenance()).containsEntry("format", "onnx").containsEntry("onnx.opset", "13")
                .containsEntry("onnx.producer", "loupe-test");
        assertThat(saved.classNames()).isEmpty();

        Model oracle = Model.builder("oracle", 1, 5, 5)
                .add("conv1", new Conv2d(ConvGeometry.square(1, 2, 3, 1, 1), Tensor.of(w, 2, 1, 3, 3), Tensor.of(b, 2)))
                .add("relu1", new ReLU()).add("pool1", new MaxPool2d(PoolWindow.of(2))).add("flatten", new Flatten())
                .add("fc1", new Linear(Tensor.of(fw, 3, 8), Tensor.of(fb, 3))).build();
        Tensor x = Tensor.randn(random, 1f, 3, 1, 5, 5);
        assertClose(model.predict(x), oracle.predict(x));

        Path saved2 = dir.resolve("imported.loupe");
        ModelFile.save(saved2, model, saved.provenance(), List.of("a", "b", "c"));
        assertClose(ModelFile.load(saved2).model().predict(x), oracle.predict(x));
    }

    /** MatMul by an [in, out] constant followed by Add of a bias is one Linear: checked against x·W + b in double. */
    @Test
    void foldsMatMulAndBiasAddIntoOneLinear() {
        float[] w = randoms(4 * 3), b = randoms(3);
        byte[] bytes = new OnnxBuilder(13).input("x", 4).output("y")
                .floats("onnx::MatMul_7", w, 4, 3).floats("dense.bias", b, 3)
                .node("MatMul", "/dense/MatMul", List.of("x", "onnx::MatMul_7"), List.of("m"))
                .node("Add", "/dense/Add", List.of("dense.bias", "m"), List.of("y"))
                .toBytes();
        Model model = importBytes(bytes).model();
        assertThat(model.nodeNames()).containsExactly("dense");
        assertThat(model.node("dense").layer()).isInstanceOf(Linear.class);
        Tensor x = Tensor.randn(random, 1f, 2, 4);
        Tensor y = model.predict(x);
        for (int n = 0; n < 2; n++) {
            for (int j = 0; j < 3; j++) {
                double s = b[j];
                for (int i = 0; i < 4; i++) {
                    s += (double) x.get(n, i) * w[i * 3 + j];
                }
                assertThat((double) y.get(n, j)).isCloseTo(s, org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    /** Gemm with transB=0, alpha and beta: y = alpha·x·B + beta·c, checked in double. */
    @Test
    void gemmFoldsTransposeAlphaAndBeta() {
        float[] bm = randoms(3 * 2), c = randoms(2);
        byte[] bytes = new OnnxBuilder(13).input("x", 3).output("y")
                .floats("B", bm, 3, 2).floats("C", c, 1, 2)
                .node("Gemm", "", List.of("x", "B", "C"), List.of("y"), real("alpha", 0.5f), real("beta", 2f))
                .toBytes();
        Model model = importBytes(bytes).model();
        assertThat(model.nodeNames()).containsExactly("gemm");
        Tensor x = Tensor.randn(random, 1f, 2, 3);
        Tensor y = model.predict(x);
        for (int n = 0; n < 2; n++) {
            for (int j = 0; j < 2; j++) {
                double s = 2.0 * c[j];
                for (int i = 0; i < 3; i++) {
                    s += 0.5 * x.get(n, i) * bm[i * 2 + j];
                }
                assertThat((double) y.get(n, j)).isCloseTo(s, org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    /** A residual join: Add of the input and a conv branch, with a second call of one ReLU module. */
    @Test
    void addOfTwoActivationsIsAResidualJoin() {
        float[] w = randoms(9);
        byte[] bytes = new OnnxBuilder(13).input("input", 1, 4, 4).output("out")
                .floats("block.conv.weight", w, 1, 1, 3, 3)
                .node("Conv", "/block/conv/Conv", List.of("input", "block.conv.weight"), List.of("c"),
                        ints("pads", 1, 1, 1, 1))
                .node("Relu", "/block/relu/Relu", List.of("c"), List.of("r"))
                .node("Add", "/block/Add", List.of("r", "input"), List.of("s"))
                .node("Relu", "/block/relu/Relu_1", List.of("s"), List.of("out"))
                .toBytes();
        Model model = importBytes(bytes).model();
        assertThat(model.nodeNames()).containsExactly("block.conv", "block.relu", "block", "block.relu_2");
        assertThat(model.node("block").layer()).isInstanceOf(Add.class);
        assertThat(model.node("block").inputs()).containsExactly("block.relu", Model.INPUT);
        Model oracle = Model.builder("oracle", 1, 4, 4)
                .add("c", new Conv2d(ConvGeometry.square(1, 1, 3, 1, 1), Tensor.of(w, 1, 1, 3, 3), null))
                .add("r", new ReLU()).add("s", new Add(), "r", Model.INPUT).add("o", new ReLU()).build();
        Tensor x = Tensor.randn(random, 1f, 2, 1, 4, 4);
        assertClose(model.predict(x), oracle.predict(x));
    }

    /** ONNX's momentum weighs the old statistics, Loupe's the new batch; SAME padding becomes symmetric padding. */
    @Test
    void convertsBatchNormMomentumAndSamePadding() {
        byte[] bytes = new OnnxBuilder(13).input("x", 2, 5, 5).output("y")
                .floats("w", randoms(2 * 2 * 3 * 3), 2, 2, 3, 3)
                .floats("bn.weight", new float[] {1, 2}, 2).floats("bn.bias", new float[] {0, 1}, 2)
                .floats("bn.running_mean", new float[] {0.5f, -1}, 2).floats("bn.running_var", new float[] {4, 0.25f}, 2)
                .node("Conv", "c", List.of("x", "w"), List.of("c"), text("auto_pad", "SAME_UPPER"))
                .node("BatchNormalization", "/bn/BatchNormalization",
                        List.of("c", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"), List.of("y"),
                        real("epsilon", 1e-3f), real("momentum", 0.9f))
                .toBytes();
        Model model = importBytes(bytes).model();
        Conv2d conv = (Conv2d) model.node("c").layer();
        assertThat(conv.geometry().padH()).isEqualTo(1);
        assertThat(conv.geometry().padW()).isEqualTo(1);
        BatchNorm2d bn = (BatchNorm2d) model.node("bn").layer();
        assertThat(bn.momentum()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(bn.eps()).isCloseTo(1e-3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(model.outputShape()).containsExactly(2, 5, 5);
    }

    /** A depthwise 1×1 convolution (group = channels) scales each channel by its own weight, plus its bias. */
    @Test
    void groupedConvolutionKeepsChannelsApart() {
        byte[] bytes = new OnnxBuilder(13).input("x", 2, 3, 3).output("y")
                .floats("dw.weight", new float[] {2, -3}, 2, 1, 1, 1).floats("dw.bias", new float[] {0.5f, 1}, 2)
                .node("Conv", "", List.of("x", "dw.weight", "dw.bias"), List.of("y"), integer("group", 2))
                .toBytes();
        Model model = importBytes(bytes).model();
        assertThat(((Conv2d) model.node("dw").layer()).geometry().groups()).isEqualTo(2);
        Tensor x = Tensor.randn(random, 1f, 1, 2, 3, 3);
        Tensor y = model.predict(x);
        for (int i = 0; i < 9; i++) {
            assertThat(y.data()[i]).isEqualTo(2 * x.data()[i] + 0.5f);
            assertThat(y.data()[9 + i]).isEqualTo(-3 * x.data()[9 + i] + 1);
        }
    }

    @Test
    void asymmetricPaddingIsAClearError() {
        byte[] bytes = new OnnxBuilder(13).input("x", 1, 5, 5).output("y")
                .floats("w", randoms(9), 1, 1, 3, 3)
                .node("Conv", "/conv1/Conv", List.of("x", "w"), List.of("y"), ints("pads", 1, 0, 2, 0))
                .toBytes();
        assertThatThrownBy(() -> importBytes(bytes)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("m.onnx").hasMessageContaining("'/conv1/Conv'")
                .hasMessageContaining("asymmetric").hasMessageContaining("[1, 0, 2, 0]")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void unsupportedOperatorNamesTheOpTheNodeAndTheSupportedOps() {
        byte[] bytes = new OnnxBuilder(13).input("x", 4).output("y")
                .node("Relu", "r", List.of("x"), List.of("h"))
                .node("Sigmoid", "/act/Sigmoid", List.of("h"), List.of("y"))
                .toBytes();
        assertThatThrownBy(() -> importBytes(bytes)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("m.onnx").hasMessageContaining("unsupported ONNX operator Sigmoid")
                .hasMessageContaining("'/act/Sigmoid'")
                .hasMessageContaining(String.join(", ", OnnxImporter.SUPPORTED_OPERATORS))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void reshapeThatIsNotAFlattenIsRejected() {
        byte[] bytes = new OnnxBuilder(13).input("x", 2, 3, 3).output("y")
                .longs("s", new long[] {-1, 2, 9}, 3)
                .node("Reshape", "/view/Reshape", List.of("x", "s"), List.of("y"))
                .toBytes();
        assertThatThrownBy(() -> importBytes(bytes)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("[-1, 2, 9]").hasMessageContaining("[-1, 18]");
        byte[] flat = new OnnxBuilder(13).input("x", 2, 3, 3).output("y")
                .longs("s", new long[] {-1, 18}, 2)
                .node("Reshape", "/view/Reshape", List.of("x", "s"), List.of("y"))
                .toBytes();
        assertThat(importBytes(flat).model().outputShape()).containsExactly(18);
    }

    /** PyTorch's export of {@code x.view(x.size(0), -1)}: Shape → Gather → Unsqueeze → Concat → Reshape. */
    @Test
    void foldsTheShapeArithmeticOfAViewIntoAFlatten() {
        byte[] bytes = new OnnxBuilder(13).input("x", 2, 3, 3).output("y")
                .longs("zero", new long[] {0}).longs("axes", new long[] {0}, 1).longs("minus_one", new long[] {-1}, 1)
                .node("Shape", "/Shape", List.of("x"), List.of("s"))
                .node("Gather", "/Gather", List.of("s", "zero"), List.of("n"), integer("axis", 0))
                .node("Unsqueeze", "/Unsqueeze", List.of("n", "axes"), List.of("n1"))
                .node("Concat", "/Concat", List.of("n1", "minus_one"), List.of("target"), integer("axis", 0))
                .node("Reshape", "/Reshape", List.of("x", "target"), List.of("y"))
                .toBytes();
        Model model = importBytes(bytes).model();
        assertThat(model.nodeNames()).containsExactly("Reshape");
        assertThat(model.node("Reshape").layer()).isInstanceOf(Flatten.class);
        Tensor x = Tensor.randn(random, 1f, 2, 2, 3, 3);
        assertThat(model.predict(x).data()).containsExactly(x.data());

        byte[] wrong = new OnnxBuilder(13).input("x", 2, 3, 3).output("y")
                .longs("one", new long[] {1}).longs("axes", new long[] {0}, 1).longs("minus_one", new long[] {-1}, 1)
                .node("Shape", "/Shape", List.of("x"), List.of("s"))
                .node("Gather", "/Gather", List.of("s", "one"), List.of("c"))
                .node("Unsqueeze", "/Unsqueeze", List.of("c", "axes"), List.of("c1"))
                .node("Concat", "/Concat", List.of("minus_one", "c1"), List.of("target"), integer("axis", 0))
                .node("Reshape", "/Reshape", List.of("x", "target"), List.of("y"))
                .toBytes();
        assertThatThrownBy(() -> importBytes(wrong)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("reshapes to [-1, 2]");
        byte[] joinsActivations = new OnnxBuilder(13).input("x", 2, 3, 3).output("y")
                .node("Concat", "/cat/Concat", List.of("x", "x"), List.of("y"), integer("axis", 1)).toBytes();
        assertThatThrownBy(() -> importBytes(joinsActivations)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("'/cat/Concat' works on the activation 'x'")
                .hasMessageContaining("only as part of a shape computation");
    }

    @Test
    void truncatedOrCorruptFilesNameTheFile() {
        byte[] good = new OnnxBuilder(13).input("x", 4).output("y")
                .floats("fc.weight", randoms(8), 2, 4)
                .node("Gemm", "g", List.of("x", "fc.weight"), List.of("y"), integer("transB", 1)).toBytes();
        assertThat(importBytes(good).model().nodeNames()).containsExactly("fc");
        for (int cut : new int[] {1, 7, good.length / 2, good.length - 3}) {
            Path file = write("cut" + cut + ".onnx", Arrays.copyOf(good, cut));
            assertThatThrownBy(() -> OnnxImporter.load(file)).isInstanceOf(LoupeException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("not a valid ONNX model")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        Path text = write("notes.onnx", "this is not protobuf\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> OnnxImporter.load(text)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("notes.onnx");
        Path missing = dir.resolve("missing.onnx");
        assertThatThrownBy(() -> OnnxImporter.load(missing)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("missing.onnx");
    }

    @Test
    void tensorsOfOtherElementTypesAreNamedNotCalledCorrupt() {
        ProtoWriter bytesTensor = new ProtoWriter().packedVarints(1, 2).varint(2, 2).string(8, "mask")
                .bytes(9, new byte[] {1, 0});
        byte[] model = new ProtoWriter().varint(1, 8).message(8, new ProtoWriter().varint(2, 13))
                .message(7, new ProtoWriter().message(5, bytesTensor)).toBytes();
        assertThatThrownBy(() -> importBytes(model)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("m.onnx").hasMessageContaining("tensor 'mask' has data type 2")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not a valid"));
    }

    @Test
    void aModelMustHaveOneImageInput() {
        byte[] bytes = new OnnxBuilder(13).input("a", 3).input("b", 3).output("y")
                .node("Add", "add", List.of("a", "b"), List.of("y")).toBytes();
        assertThatThrownBy(() -> importBytes(bytes)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("2 data inputs [a, b]");
    }

    @Test
    void scopeNamesBecomeModulePaths() {
        assertThat(NodeNames.scopePath("/layer1/layer1.0/conv1/Conv")).isEqualTo("layer1.0.conv1");
        assertThat(NodeNames.scopePath("/pool1/MaxPool")).isEqualTo("pool1");
        assertThat(NodeNames.scopePath("Conv_0")).isEqualTo("Conv_0");
        assertThat(NodeNames.scopePath("/Flatten")).isEqualTo("/Flatten");
    }
}
