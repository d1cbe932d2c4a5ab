package dev.loupe.conformance;

import static dev.loupe.conformance.ManifestFields.bool;
import static dev.loupe.conformance.ManifestFields.integer;
import static dev.loupe.conformance.ManifestFields.number;
import static dev.loupe.conformance.ManifestFields.pair;
import static dev.loupe.conformance.ManifestFields.required;
import static dev.loupe.conformance.ManifestFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.LoupeException;
import dev.loupe.nn.Add;
import dev.loupe.nn.AvgPool2d;
import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Dropout;
import dev.loupe.nn.Flatten;
import dev.loupe.nn.GlobalAvgPool;
import dev.loupe.nn.Layer;
import dev.loupe.nn.Linear;
import dev.loupe.nn.LogSoftmax;
import dev.loupe.nn.MaxPool2d;
import dev.loupe.nn.Model;
import dev.loupe.nn.PoolWindow;
import dev.loupe.nn.ReLU;
import dev.loupe.nn.Softmax;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A model entry of a reference manifest: its layer list (in execution order, each naming its inputs) and its raw
 * float32 parameters, enough to build a {@link Model} without reading ONNX.
 *
 * <p>Layer types: {@code conv2d}, {@code linear}, {@code relu}, {@code maxpool2d}, {@code avgpool2d},
 * {@code batchnorm2d}, {@code dropout}, {@code flatten} (from {@code start_dim} 1 to the end), {@code add} (two
 * inputs, a residual join), global average pooling as {@code globalavgpool} or {@code adaptiveavgpool2d} with
 * output size 1, and {@code softmax}/{@code logsoftmax} over dimension 1. Kernel, stride, padding and dilation are
 * {@code [rows, cols]} pairs or single integers; omitted values take PyTorch's defaults (pool stride = kernel).
 *
 * @param name       the model's key in the manifest
 * @param inputShape per-image input shape {@code [C, H, W]}
 * @param layers     the manifest's {@code layers} array
 * @param root       the folder holding the manifest, against which parameter files resolve
 */
public record ReferenceModel(String name, int[] inputShape, JsonNode layers, Path root) {
    /** The layer types this loader understands. */
    public static final List<String> LAYER_TYPES = List.of("conv2d", "linear", "relu", "maxpool2d", "avgpool2d",
            "batchnorm2d", "dropout", "flatten", "add", "globalavgpool", "adaptiveavgpool2d", "softmax", "logsoftmax");

    public ReferenceModel {
        inputShape = inputShape.clone();
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            throw new LoupeException("model '" + name + "': 'layers' must be a non-empty list");
        }
    }

    /** Reads a manifest model entry. */
    static ReferenceModel parse(String name, JsonNode entry, Path root) {
        String where = "model '" + name + "'";
        return new ReferenceModel(name, ManifestFields.intArray(entry, "input_shape", where),
                required(entry, "layers", where), root);
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /**
     * Builds the model, reading every parameter file.
     *
     * @throws LoupeException naming the layer for an unknown type, a missing or mis-sized parameter file, or
     *                        layers that do not fit together
     */
    public Model build() {
        Model.Builder builder = Model.builder(name, inputShape);
        List<String> seen = new ArrayList<>();
        for (JsonNode entry : layers) {
            String layerName = text(entry, "name", "a layer of model '" + name + "'");
            String where = "layer '" + layerName + "' of model '" + name + "'";
            Layer layer = layer(entry, where);
            String[] inputs = inputs(entry, layer, seen, where);
            try {
                builder.add(layerName, layer, inputs);
                builder.lastShape();
            } catch (IllegalArgumentException e) {
                throw new LoupeException(where + ": " + e.getMessage(), e);
            }
            seen.add(layerName);
        }
        return builder.build();
    }

    private static String[] inputs(JsonNode entry, Layer layer, List<String> seen, String where) {
        String[] inputs;
        JsonNode v = entry.get("inputs");
        if (v == null || v.isNull()) {
            inputs = new String[] {seen.isEmpty() ? Model.INPUT : seen.get(seen.size() - 1)};
        } else {
            if (!v.isArray()) {
                throw new LoupeException(where + ": 'inputs' must be a list of layer names");
            }
            inputs = new String[v.size()];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = v.get(i).asText();
                if (!Model.INPUT.equals(inputs[i]) && !seen.contains(inputs[i])) {
                    throw new LoupeException(where + " reads '" + inputs[i] + "', which is not an earlier layer");
                }
            }
        }
        if (inputs.length != layer.arity()) {
            throw new LoupeException(where + ": a " + layer.kind() + " layer takes " + layer.arity()
                    + " input(s), the manifest gives " + Arrays.toString(inputs));
        }
        return inputs;
    }

    private Layer layer(JsonNode entry, String where) {
        String type = text(entry, "type", where);
        try {
            return switch (type) {
                case "conv2d" -> conv2d(entry, where);
                case "linear" -> linear(entry, where);
                case "relu" -> new ReLU();
                case "maxpool2d" -> new MaxPool2d(window(entry, true, where));
                case "avgpool2d" -> avgPool2d(entry, where);
                case "batchnorm2d" -> batchNorm2d(entry, where);
                case "dropout" -> new Dropout(number(entry, "p", 0.5, where));
                case "flatten" -> flatten(entry, where);
                case "add" -> new Add();
                case "globalavgpool" -> new GlobalAvgPool();
                case "adaptiveavgpool2d" -> adaptiveAvgPool(entry, where);
                case "softmax" -> classDimension(entry, new Softmax(), where);
                case "logsoftmax" -> classDimension(entry, new LogSoftmax(), where);
                default -> throw new LoupeException(where + " has unknown type '" + type + "'; known types: "
                        + String.join(", ", LAYER_TYPES));
            };
        } catch (IllegalArgumentException e) {
            throw new LoupeException(where + ": " + e.getMessage(), e);
        }
    }

    private Conv2d conv2d(JsonNode e, String where) {
        String mode = e.has("padding_mode") ? e.get("padding_mode").asText() : "zeros";
        if (!"zeros".equals(mode)) {
            throw new LoupeException(where + ": only padding_mode 'zeros' is supported, got '" + mode + "'");
        }
        int[] k = pair(e, "kernel", null, where);
        int[] s = pair(e, "stride", new int[] {1, 1}, where);
        int[] p = pair(e, "padding", new int[] {0, 0}, where);
        int[] d = pair(e, "dilation", new int[] {1, 1}, where);
        ConvGeometry g = new ConvGeometry(integer(e, "in_channels", where), integer(e, "out_channels", where),
                k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], integer(e, "groups", 1, where));
        Tensor weight = param(e, "weight", where, g.outChannels(), g.inPerGroup(), k[0], k[1]);
        Tensor bias = bool(e, "bias", true, where) ? param(e, "bias", where, g.outChannels()) : null;
        return new Conv2d(g, weight, bias);
    }

    private Linear linear(JsonNode e, String where) {
        int in = integer(e, "in_features", where), out = integer(e, "out_features", where);
        Tensor weight = param(e, "weight", where, out, in);
        Tensor bias = bool(e, "bias", true, where) ? param(e, "bias", where, out) : null;
        return new Linear(weight, bias);
    }

    private static PoolWindow window(JsonNode e, boolean dilated, String where) {
        int[] k = pair(e, "kernel", null, where);
        int[] s = pair(e, "stride", k, where);
        int[] p = pair(e, "padding", new int[] {0, 0}, where);
        int[] d = dilated ? pair(e, "dilation", new int[] {1, 1}, where) : new int[] {1, 1};
        return new PoolWindow(k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], bool(e, "ceil_mode", false, where));
    }

    private static AvgPool2d avgPool2d(JsonNode e, String where) {
        JsonNode divisor = e.get("divisor_override");
        if (divisor != null && !divisor.isNull()) {
            throw new LoupeException(where + ": divisor_override is not supported");
        }
        return new AvgPool2d(window(e, false, where), bool(e, "count_include_pad", true, where));
    }

    private BatchNorm2d batchNorm2d(JsonNode e, String where) {
        int c = integer(e, "num_features", where);
        JsonNode params = e.get("params");
        Tensor weight = params != null && params.has("weight") ? param(e, "weight", where, c) : Tensor.full(1f, c);
        Tensor bias = params != null && params.has("bias") ? param(e, "bias", where, c) : Tensor.zeros(c);
        return new BatchNorm2d(weight, bias, param(e, "running_mean", where, c), param(e, "running_var", where, c),
                number(e, "eps", 1e-5, where), number(e, "momentum", 0.1, where));
    }

    private static Flatten flatten(JsonNode e, String where) {
        int start = integer(e, "start_dim", 1, where), end = integer(e, "end_dim", -1, where);
        if (start != 1 || end != -1) {
            throw new LoupeException(where + ": flatten must keep the batch and flatten the rest (start_dim 1, "
                    + "end_dim -1), got " + start + ".." + end);
        }
        return new Flatten();
    }

    private static GlobalAvgPool adaptiveAvgPool(JsonNode e, String where) {
        int[] size = pair(e, "output_size", new int[] {1, 1}, where);
        if (size[0] != 1 || size[1] != 1) {
            throw new LoupeException(where + ": only adaptive average pooling to 1x1 is supported, got "
                    + size[0] + "x" + size[1]);
        }
        return new GlobalAvgPool();
    }

    private static Layer classDimension(JsonNode e, Layer layer, String where) {
        int dim = integer(e, "dim", 1, where);
        if (dim != 1 && dim != -1) {
            throw new LoupeException(where + ": " + layer.kind() + " is supported over dimension 1 only, got " + dim);
        }
        return layer;
    }

    /** Reads parameter {@code key} of a layer entry, checking the manifest's shape against what the layer needs. */
    private Tensor param(JsonNode entry, String key, String where, int... expected) {
        JsonNode params = required(entry, "params", where);
        TensorFile file = ManifestFields.tensorFile(required(params, key, where), root, where + " param " + key);
        if (!Arrays.equals(file.shape(), expected)) {
            throw new LoupeException(where + ": param " + key + " has shape " + Arrays.toString(file.shape())
                    + " in the manifest, the layer needs " + Arrays.toString(expected));
        }
        return file.load();
    }
}
