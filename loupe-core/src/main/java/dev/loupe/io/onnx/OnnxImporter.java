package dev.loupe.io.onnx;

import dev.loupe.LoupeException;
import dev.loupe.io.SavedModel;
import dev.loupe.nn.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports a CNN saved as ONNX (https://onnx.ai) as a Loupe {@link Model}, so that any explainer can run on a model
 * trained elsewhere: {@code loupe explain --model m.onnx ...}.
 *
 * <p>Each supported operator becomes one Loupe layer: {@code Conv} → {@code Conv2d}, {@code Relu} → {@code ReLU},
 * {@code MaxPool} / {@code AveragePool} → {@code MaxPool2d} / {@code AvgPool2d}, {@code GlobalAveragePool} →
 * {@code GlobalAvgPool}, {@code BatchNormalization} (inference) → {@code BatchNorm2d}, {@code Gemm} and
 * {@code MatMul} (with a following bias {@code Add}) → {@code Linear}, {@code Flatten} and a flattening
 * {@code Reshape} → {@code Flatten}, {@code Dropout} → {@code Dropout}, {@code Add} of two activations → {@code Add},
 * {@code Softmax} / {@code LogSoftmax} over the features. {@code Identity} and {@code Constant} are folded away,
 * and so is the shape arithmetic of {@code x.view(x.size(0), -1)} ({@code Shape}, {@code Gather}, {@code Unsqueeze},
 * {@code Concat} of constants).
 * Padding must be symmetric; parameters must be initializers (constants).
 *
 * <p>The model takes {@code [N, ...]} batches whose per-image shape is the graph input's shape without its (usually
 * dynamic) batch axis. Node names follow the exporting framework: a PyTorch export's {@code conv1.weight} makes the
 * node {@code conv1}. Everything that cannot be imported fails with a one-line
 * {@link LoupeException} naming the file, the node and the problem.
 */
public final class OnnxImporter {
    /** The ONNX operators this importer understands, in alphabetical order. */
    public static final List<String> SUPPORTED_OPERATORS = List.of("Add", "AveragePool", "BatchNormalization",
            "Concat", "Constant", "Conv", "Dropout", "Flatten", "Gather", "Gemm", "GlobalAveragePool", "Identity",
            "LogSoftmax", "MatMul", "MaxPool", "Relu", "Reshape", "Shape", "Softmax", "Unsqueeze");

    private OnnxImporter() {
    }

    /**
     * Loads an {@code .onnx} file. The model's architecture name is the file name without its extension, or the
     * folder's name for the generic {@code model.onnx} (as in {@code seednet/model.onnx}); the provenance records the format, producer, opset and IR version. ONNX files carry no class names, so
     * {@link SavedModel#classNames()} is empty.
     *
     * @throws LoupeException naming the file when it cannot be read, is not a valid ONNX model, or uses an operator
     *                        or setting Loupe cannot import
     */
    public static SavedModel load(Path path) {
        return load(path, Map.of());
    }

    /**
     * Loads an {@code .onnx} file, treating the named graph inputs as constants with the given values (as the ONNX
     * backend tests feed weights as inputs). Exactly one graph input must remain: the image batch.
     */
    public static SavedModel load(Path path, Map<String, OnnxTensor> boundInputs) {
        OnnxModel onnx = decode(path);
        String file = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        String stem = file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
        Path folder = path.toAbsolutePath().getParent();
        if (stem.equals("model") && folder != null && folder.getFileName() != null) {
            stem = folder.getFileName().toString();
        }
        Model model = new GraphTranslation(path.toString(), onnx, boundInputs).translate(stem.isEmpty() ? "onnx" : stem);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("format", "onnx");
        provenance.put("source", path.toString());
        provenance.put("onnx.producer", onnx.producer());
        provenance.put("onnx.opset", Long.toString(onnx.opsetVersion()));
        provenance.put("onnx.ir_version", Long.toString(onnx.irVersion()));
        return new SavedModel(model, provenance, List.of());
    }

    /**
     * Reads and decodes an {@code .onnx} file without translating it.
     *
     * @throws LoupeException naming the file when it cannot be read or is not a valid ONNX model
     */
    public static OnnxModel decode(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new LoupeException("cannot read ONNX model " + path + ": " + e.getMessage(), e);
        }
        try {
            return OnnxDecoder.model(bytes);
        } catch (OnnxDecoder.UnsupportedContent e) {
            throw new LoupeException(path + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new LoupeException(path + " is not a valid ONNX model (truncated or corrupt): " + e.getMessage(), e);
        }
    }
}
