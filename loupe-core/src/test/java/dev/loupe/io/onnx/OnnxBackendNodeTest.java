package dev.loupe.io.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The ONNX backend conformance node tests (one operator per model, expected outputs computed by ONNX's reference
 * implementation), as packaged by Debian in {@code libonnx-testdata}. Each test's extra graph inputs (weights,
 * biases, statistics) are bound as constants from {@code input_k.pb}; {@code input_0.pb} is the image batch.
 *
 * <p>Every test of the operators Loupe imports is listed: {@code RUN} must reproduce {@code output_0.pb},
 * {@code REJECT} must fail with a clear {@link LoupeException} containing the given phrase (a setting Loupe's layers
 * do not have), and {@code SKIP} says why the test cannot be posed to a one-input float model.
 */
class OnnxBackendNodeTest {
    private static final Path NODE_TESTS = Path.of("/usr/share/libonnx-testdata/data/node");

    private enum Expect { RUN, REJECT, SKIP }

    private record Case(String name, Expect expect, String detail) {
    }

    private static Case run(String name) {
        return new Case(name, Expect.RUN, "");
    }

    private static Stream<Case> reject(String phrase, String... names) {
        return Stream.of(names).map(n -> new Case(n, Expect.REJECT, phrase));
    }

    private static Stream<Case> skip(String reason, String... names) {
        return Stream.of(names).map(n -> new Case(n, Expect.SKIP, reason));
    }

    private static final List<String> RUNS = List.of("test_relu",
            "test_conv_with_strides_padding", "test_conv_with_strides_no_padding",
            "test_conv_with_strides_and_asymmetric_padding", "test_conv_with_autopad_same",
            "test_maxpool_2d_default", "test_maxpool_2d_ceil", "test_maxpool_2d_dilations",
            "test_maxpool_2d_precomputed_pads", "test_maxpool_2d_precomputed_same_upper",
            "test_maxpool_2d_precomputed_strides", "test_maxpool_2d_strides",
            "test_averagepool_2d_default", "test_averagepool_2d_ceil", "test_averagepool_2d_precomputed_pads",
            "test_averagepool_2d_precomputed_pads_count_include_pad", "test_averagepool_2d_precomputed_same_upper",
            "test_averagepool_2d_precomputed_strides", "test_averagepool_2d_strides",
            "test_globalaveragepool", "test_globalaveragepool_precomputed",
            "test_batchnorm_example", "test_batchnorm_epsilon",
            "test_gemm_alpha", "test_gemm_beta", "test_gemm_default_no_bias", "test_gemm_default_scalar_bias",
            "test_gemm_default_single_elem_vector_bias", "test_gemm_default_vector_bias",
            "test_gemm_default_zero_bias", "test_gemm_transposeB", "test_matmul_2d",
            "test_flatten_axis1", "test_flatten_default_axis", "test_flatten_negative_axis3",
            "test_reshape_reduced_dims",
            "test_softmax_example", "test_softmax_large_number", "test_logsoftmax_example_1",
            "test_logsoftmax_large_number",
            "test_dropout_default", "test_dropout_default_ratio", "test_dropout_random_old");

    private static List<Case> cases() {
        return Stream.of(RUNS.stream().map(OnnxBackendNodeTest::run),
                reject("pads asymmetrically", "test_maxpool_2d_same_lower", "test_maxpool_2d_same_upper",
                        "test_averagepool_2d_same_lower", "test_averagepool_2d_same_upper"),
                reject("at most half its size", "test_maxpool_2d_pads", "test_averagepool_2d_pads",
                        "test_averagepool_2d_pads_count_include_pad"),
                reject("2-D layers only", "test_maxpool_1d_default", "test_maxpool_3d_default",
                        "test_averagepool_1d_default", "test_averagepool_3d_default"),
                reject("Indices output", "test_maxpool_with_argmax_2d_precomputed_pads",
                        "test_maxpool_with_argmax_2d_precomputed_strides"),
                reject("element type 2", "test_maxpool_2d_uint8"),
                reject("training mode", "test_batchnorm_example_training_mode",
                        "test_batchnorm_epsilon_training_mode"),
                reject("transA=1", "test_gemm_transposeA", "test_gemm_all_attributes"),
                reject("the same for every image", "test_gemm_default_matrix_bias"),
                reject("needs an [N, K] input", "test_matmul_3d", "test_matmul_4d"),
                reject("Loupe flattens each image (axis 1)", "test_flatten_axis0", "test_flatten_axis2",
                        "test_flatten_axis3", "test_flatten_negative_axis1", "test_flatten_negative_axis2",
                        "test_flatten_negative_axis4"),
                reject("only a Reshape that flattens each image", "test_reshape_extended_dims",
                        "test_reshape_negative_dim", "test_reshape_negative_extended_dims", "test_reshape_one_dim",
                        "test_reshape_reordered_all_dims", "test_reshape_reordered_last_dims",
                        "test_reshape_zero_and_negative_dim", "test_reshape_zero_dim",
                        "test_reshape_allowzero_reordered"),
                reject("each image's features", "test_softmax_axis_0", "test_softmax_axis_1", "test_softmax_axis_2",
                        "test_softmax_default_axis", "test_softmax_negative_axis", "test_logsoftmax_axis_0",
                        "test_logsoftmax_axis_1", "test_logsoftmax_axis_2", "test_logsoftmax_default_axis",
                        "test_logsoftmax_negative_axis"),
                reject("dropout mask", "test_dropout_default_mask", "test_dropout_default_mask_ratio"),
                reject("a batch axis followed by fixed sizes", "test_dropout_default_old"),
                reject("no layers", "test_identity"),
                skip("two data inputs: a Loupe model takes one image batch (the residual Add of two activations is "
                        + "covered by OnnxImporterTest)", "test_add", "test_add_bcast"),
                skip("uint8 data", "test_add_uint8"),
                skip("optional and sequence types are not tensors", "test_identity_opt", "test_identity_sequence"))
                .flatMap(s -> s).toList();
    }

    @TestFactory
    Stream<DynamicTest> nodeTests() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name() + " " + c.expect(), () -> check(c)));
    }

    private static void check(Case c) {
        Assumptions.assumeTrue(Files.isDirectory(NODE_TESTS), "ONNX backend node tests not installed at " + NODE_TESTS
                + " (apt-get install libonnx-testdata): skipping");
        Assumptions.assumeTrue(c.expect() != Expect.SKIP, c.detail());
        Path dir = NODE_TESTS.resolve(c.name());
        Assumptions.assumeTrue(Files.isDirectory(dir), c.name() + " is not in this libonnx-testdata version: skipping");
        Path model = dir.resolve("model.onnx");
        Path data = dir.resolve("test_data_set_0");
        List<OnnxValueInfo> inputs = OnnxImporter.decode(model).graph().dataInputs();
        Map<String, OnnxTensor> bound = new HashMap<>();
        for (int k = 1; k < inputs.size(); k++) {
            bound.put(inputs.get(k).name(), tensor(data.resolve("input_" + k + ".pb")));
        }
        if (c.expect() == Expect.REJECT) {
            assertThatThrownBy(() -> OnnxImporter.load(model, bound)).isInstanceOf(LoupeException.class)
                    .hasMessageContaining(model.toString()).hasMessageContaining(c.detail())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            return;
        }
        Model m = OnnxImporter.load(model, bound).model();
        Tensor x = tensor(data.resolve("input_0.pb")).toTensor();
        Tensor expected = tensor(data.resolve("output_0.pb")).toTensor();
        Tensor actual = m.predict(x);
        assertThat(actual.shape()).isEqualTo(expected.shape());
        for (int i = 0; i < actual.size(); i++) {
            float a = actual.data()[i], e = expected.data()[i];
            assertThat(Math.abs(a - e)).as("%s element %d: %s vs %s", c.name(), i, a, e)
                    .isLessThanOrEqualTo(1e-5f + 1e-4f * Math.abs(e));
        }
    }

    private static OnnxTensor tensor(Path file) {
        try {
            return OnnxDecoder.tensor(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
