package dev.loupe.io.onnx;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One walk over an ONNX graph that turns each node into a Loupe layer (or folds it away), keeping track of which
 * Loupe node holds each ONNX tensor and of the constants. Used once, by {@link OnnxImporter}.
 *
 * <p>Shapes are per image (without the batch axis), as in {@link Model}.
 */
final class GraphTranslation {
    /**
     * The batch size in a folded shape computation ({@code Shape} of an activation): unknown until run time, and
     * accepted only where a {@code Reshape} keeps the batch axis.
     */
    private static final long BATCH = Long.MIN_VALUE;

    private final String source;
    private final OnnxModel onnx;
    private final List<OnnxNode> nodes;
    private final Map<String, OnnxTensor> constants = new HashMap<>();
    /** ONNX tensor name → Loupe node name ({@link Model#INPUT} for the image input). */
    private final Map<String, String> producers = new HashMap<>();
    /** Loupe node name → per-image shape. */
    private final Map<String, int[]> shapes = new HashMap<>();
    /** ONNX tensor name → indices of the nodes that read it. */
    private final Map<String, List<Integer>> readers = new HashMap<>();
    private final Set<String> graphOutputs = new HashSet<>();
    private final Set<Integer> folded = new HashSet<>();
    private final NodeNames names = new NodeNames();
    private Model.Builder builder;
    private int position;

    GraphTranslation(String source, OnnxModel onnx, Map<String, OnnxTensor> boundInputs) {
        this.source = source;
        this.onnx = onnx;
        this.nodes = onnx.graph().nodes();
        constants.putAll(onnx.graph().initializers());
        constants.putAll(boundInputs);
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) {
                readers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
            }
        }
        onnx.graph().outputs().forEach(o -> graphOutputs.add(o.name()));
    }

    /** Translates the whole graph. */
    Model translate(String architecture) {
        OnnxValueInfo input = imageInput();
        int[] imageShape = new int[input.dims().length - 1];
        for (int k = 0; k < imageShape.length; k++) {
            imageShape[k] = (int) input.dims()[k + 1];
        }
        builder = Model.builder(architecture, imageShape);
        producers.put(input.name(), Model.INPUT);
        shapes.put(Model.INPUT, imageShape);
        for (position = 0; position < nodes.size(); position++) {
            if (!folded.contains(position)) {
                translateNode(nodes.get(position));
            }
        }
        if (onnx.graph().outputs().size() != 1) {
            throw fail("the graph has " + onnx.graph().outputs().size() + " outputs; Loupe imports models with one");
        }
        String output = onnx.graph().outputs().get(0).name();
        String last = builder.last();
        if (Model.INPUT.equals(last)) {
            throw fail("the graph has no layers Loupe can import (its output is its input)");
        }
        if (!last.equals(producers.get(output))) {
            throw fail("the graph output '" + output + "' is not computed by its last supported node ("
                    + last + ")");
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
    }

    private OnnxValueInfo imageInput() {
        List<OnnxValueInfo> inputs = onnx.graph().dataInputs().stream()
                .filter(v -> !constants.containsKey(v.name())).toList();
        if (inputs.size() != 1) {
            throw fail("the graph has " + inputs.size() + " data inputs "
                    + inputs.stream().map(OnnxValueInfo::name).toList() + "; Loupe imports models with one image input");
        }
        OnnxValueInfo in = inputs.get(0);
        if (in.elemType() != 0 && in.elemType() != OnnxTensor.FLOAT) {
            throw fail("input '" + in.name() + "' has element type " + in.elemType() + "; Loupe needs FLOAT (1)");
        }
        long[] dims = in.dims();
        if (dims == null || dims.length < 2 || Arrays.stream(dims).skip(1).anyMatch(d -> d < 1)) {
            throw fail("input '" + in.name() + "' has shape " + (dims == null ? "(none)" : Arrays.toString(dims))
                    + "; Loupe needs a batch axis followed by fixed sizes, such as [N, 1, 28, 28]");
        }
        return in;
    }

    private void translateNode(OnnxNode node) {
        if (!node.domain().isEmpty() && !node.domain().equals("ai.onnx")) {
            throw unsupported(node);
        }
        switch (node.opType()) {
            case "Conv" -> conv(node);
            case "Relu" -> add(node, new ReLU(), names.choose(node), data(node, 0));
            case "MaxPool" -> maxPool(node);
            case "AveragePool" -> averagePool(node);
            case "GlobalAveragePool" -> add(node, new GlobalAvgPool(), names.choose(node), image(node, 0));
            case "BatchNormalization" -> batchNorm(node);
            case "Gemm" -> gemm(node);
            case "MatMul" -> matMul(node);
            case "Flatten" -> flatten(node);
            case "Reshape" -> reshape(node);
            case "Dropout" -> dropout(node);
            case "Identity" -> identity(node);
            case "Constant" -> constant(node);
            case "Shape" -> shape(node);
            case "Gather" -> gather(node);
            case "Unsqueeze" -> unsqueeze(node);
            case "Concat" -> concat(node);
            case "Add" -> addNode(node);
            case "Softmax" -> softmax(node, new Softmax());
            case "LogSoftmax" -> softmax(node, new LogSoftmax());
            default -> throw unsupported(node);
        }
    }

    // ---- operators ----

    private void conv(OnnxNode node) {
        String x = image(node, 0);
        OnnxTensor w = floatConstant(node, 1, "weight");
        OnnxTensor b = node.inputs().size() > 2 && !node.inputs().get(2).isEmpty()
                ? floatConstant(node, 2, "bias") : null;
        int[] ws = w.shape();
        if (ws.length != 4) {
            throw fail(node, "has a weight of shape " + Arrays.toString(ws) + "; Loupe imports 2-D convolutions only");
        }
        int[] kernel = {ws[2], ws[3]};
        int[] declared = NodeAttributes.ints(node, "kernel_shape", kernel);
        if (!Arrays.equals(declared, kernel)) {
            throw fail(node, "declares kernel_shape " + Arrays.toString(declared) + " but its weight is "
                    + Arrays.toString(ws));
        }
        int[] stride = NodeAttributes.ints(node, "strides", new int[] {1, 1});
        int[] dilation = NodeAttributes.ints(node, "dilations", new int[] {1, 1});
        int[] pad = padding(node, shapes.get(x), kernel, stride, dilation);
        int groups = NodeAttributes.integer(node, "group", 1);
        Layer layer = build(node, () -> new Conv2d(new ConvGeometry(ws[1] * groups, ws[0], kernel[0], kernel[1],
                stride[0], stride[1], pad[0], pad[1], dilation[0], dilation[1], groups), w.toTensor(),
                b == null ? null : b.toTensor()));
        add(node, layer, names.choose(node, w.name(), b == null ? "" : b.name()), x);
    }

    private void maxPool(OnnxNode node) {
        if (node.outputs().size() > 1 && isUsed(node.outputs().get(1))) {
            throw fail(node, "uses the Indices output, which Loupe does not compute");
        }
        PoolWindow window = window(node, NodeAttributes.ints(node, "dilations", new int[] {1, 1}));
        add(node, build(node, () -> new MaxPool2d(window)), names.choose(node), image(node, 0));
    }

    private void averagePool(OnnxNode node) {
        int[] dilation = NodeAttributes.ints(node, "dilations", new int[] {1, 1});
        if (dilation[0] != 1 || dilation[1] != 1) {
            throw fail(node, "has dilations " + Arrays.toString(dilation) + "; Loupe's average pooling has none");
        }
        PoolWindow window = window(node, dilation);
        boolean includePad = NodeAttributes.integer(node, "count_include_pad", 0) != 0;
        add(node, build(node, () -> new AvgPool2d(window, includePad)), names.choose(node), image(node, 0));
    }

    private PoolWindow window(OnnxNode node, int[] dilation) {
        String x = image(node, 0);
        int[] kernel = NodeAttributes.ints(node, "kernel_shape", null);
        if (kernel == null || kernel.length != 2) {
            throw fail(node, "needs a 2-D kernel_shape; Loupe imports 2-D pooling only");
        }
        if (NodeAttributes.integer(node, "storage_order", 0) != 0) {
            throw fail(node, "has storage_order 1 (column-major indices), which Loupe does not support");
        }
        int[] stride = NodeAttributes.ints(node, "strides", new int[] {1, 1});
        int[] pad = padding(node, shapes.get(x), kernel, stride, dilation);
        if (2 * pad[0] > kernel[0] || 2 * pad[1] > kernel[1]) {
            throw fail(node, "pads " + Arrays.toString(pad) + " with kernel " + Arrays.toString(kernel)
                    + "; Loupe (like PyTorch) pads a pooling window by at most half its size");
        }
        boolean ceil = NodeAttributes.integer(node, "ceil_mode", 0) != 0;
        return build(node, () -> new PoolWindow(kernel[0], kernel[1], stride[0], stride[1], pad[0], pad[1],
                dilation[0], dilation[1], ceil));
    }

    /**
     * Symmetric padding {@code [rows, columns]} from {@code pads} ({@code [top, left, bottom, right]}) or
     * {@code auto_pad}; SAME padding is accepted when the total padding of each axis is even.
     */
    private int[] padding(OnnxNode node, int[] imageShape, int[] kernel, int[] stride, int[] dilation) {
        if (kernel.length != 2 || stride.length != 2 || dilation.length != 2) {
            throw fail(node, "needs two kernel sizes, strides and dilations; Loupe imports 2-D layers only");
        }
        String autoPad = NodeAttributes.string(node, "auto_pad", "NOTSET");
        int[] pads;
        switch (autoPad) {
            case "NOTSET" -> pads = NodeAttributes.ints(node, "pads", new int[4]);
            case "VALID" -> pads = new int[4];
            case "SAME_UPPER", "SAME_LOWER" -> {
                pads = new int[4];
                for (int a = 0; a < 2; a++) {
                    int in = imageShape[a + 1];
                    int out = Math.floorDiv(in + stride[a] - 1, stride[a]);
                    int total = Math.max(0, (out - 1) * stride[a] + dilation[a] * (kernel[a] - 1) + 1 - in);
                    int small = total / 2;
                    pads[a] = autoPad.equals("SAME_UPPER") ? small : total - small;
                    pads[a + 2] = total - pads[a];
                }
            }
            default -> throw fail(node, "has auto_pad '" + autoPad + "'");
        }
        if (pads.length != 4) {
            throw fail(node, "has pads " + Arrays.toString(pads) + "; Loupe imports 2-D layers only");
        }
        if (pads[0] != pads[2] || pads[1] != pads[3]) {
            throw fail(node, "pads asymmetrically " + Arrays.toString(pads)
                    + " ([top, left, bottom, right]); Loupe pads each side of an axis equally");
        }
        return new int[] {pads[0], pads[1]};
    }

    private void batchNorm(OnnxNode node) {
        if (NodeAttributes.integer(node, "training_mode", 0) != 0 || node.outputs().stream().skip(1).anyMatch(this::isUsed)) {
            throw fail(node, "is in training mode; Loupe imports inference-mode batch normalization");
        }
        OnnxTensor scale = floatConstant(node, 1, "scale");
        OnnxTensor shift = floatConstant(node, 2, "bias");
        OnnxTensor mean = floatConstant(node, 3, "mean");
        OnnxTensor var = floatConstant(node, 4, "var");
        double eps = NodeAttributes.real(node, "epsilon", 1e-5);
        // ONNX's momentum weighs the old running statistics; Loupe's (PyTorch's) weighs the new batch.
        double momentum = 1 - NodeAttributes.real(node, "momentum", 0.9);
        Layer layer = build(node, () -> new BatchNorm2d(scale.toTensor(), shift.toTensor(), mean.toTensor(),
                var.toTensor(), eps, momentum));
        add(node, layer, names.choose(node, scale.name(), shift.name()), image(node, 0));
    }

    private void gemm(OnnxNode node) {
        String x = vector(node, 0);
        if (NodeAttributes.integer(node, "transA", 0) != 0) {
            throw fail(node, "has transA=1; Loupe imports Gemm with the batch as the rows of A");
        }
        OnnxTensor bMatrix = floatConstant(node, 1, "weight");
        boolean transB = NodeAttributes.integer(node, "transB", 0) != 0;
        Tensor weight = matrix(node, bMatrix, !transB);
        float alpha = (float) NodeAttributes.real(node, "alpha", 1), beta = (float) NodeAttributes.real(node, "beta", 1);
        if (alpha != 1) {
            weight = weight.times(alpha);
        }
        OnnxTensor c = node.inputs().size() > 2 && !node.inputs().get(2).isEmpty() ? floatConstant(node, 2, "bias")
                : null;
        Tensor bias = c == null ? null : bias(node, c, weight.dim(0));
        if (bias != null && beta != 1) {
            bias = bias.times(beta);
        }
        Tensor w = weight, b = bias;
        add(node, build(node, () -> new Linear(w, b)), names.choose(node, bMatrix.name(), c == null ? "" : c.name()), x);
    }

    /** {@code MatMul(x, W)} with a constant {@code [in, out]} W, and a following {@code Add} of a bias folded in. */
    private void matMul(OnnxNode node) {
        String x = vector(node, 0);
        OnnxTensor wMatrix = floatConstant(node, 1, "weight");
        Tensor weight = matrix(node, wMatrix, true);
        String out = node.outputs().get(0);
        List<Integer> next = readers.getOrDefault(out, List.of());
        OnnxTensor c = null;
        String result = out;
        if (next.size() == 1 && !graphOutputs.contains(out) && nodes.get(next.get(0)).opType().equals("Add")) {
            OnnxNode add = nodes.get(next.get(0));
            String other = add.inputs().get(0).equals(out) ? add.inputs().get(1) : add.inputs().get(0);
            if (constants.containsKey(other) && constants.get(other).isFloat()) {
                c = constants.get(other);
                folded.add(next.get(0));
                result = add.outputs().get(0);
            }
        }
        Tensor bias = c == null ? null : bias(node, c, weight.dim(0));
        Layer layer = build(node, () -> new Linear(weight, bias));
        String name = names.choose(node, wMatrix.name(), c == null ? "" : c.name());
        add(node, layer, name, x);
        producers.put(result, name);
    }

    /** A constant matrix as a {@code [out, in]} Linear weight; {@code transpose} when it is stored {@code [in, out]}. */
    private Tensor matrix(OnnxNode node, OnnxTensor m, boolean transpose) {
        int[] s = m.shape();
        if (s.length != 2) {
            throw fail(node, "has a weight of shape " + Arrays.toString(s) + "; Loupe needs a matrix");
        }
        if (!transpose) {
            return m.toTensor();
        }
        float[] t = new float[m.size()];
        for (int i = 0; i < s[0]; i++) {
            for (int j = 0; j < s[1]; j++) {
                t[j * s[0] + i] = m.floats()[i * s[1] + j];
            }
        }
        return Tensor.wrap(t, s[1], s[0]);
    }

    /** A bias of {@code out} values from a constant of shape {@code [out]}, {@code [1, out]} or a single value. */
    private Tensor bias(OnnxNode node, OnnxTensor c, int out) {
        int[] s = c.shape();
        boolean vector = s.length == 1 || (s.length == 2 && s[0] == 1);
        if (c.size() == 1) {
            return Tensor.full(c.floats()[0], out);
        }
        if (!vector || c.size() != out) {
            throw fail(node, "adds a bias of shape " + Arrays.toString(s) + "; Loupe needs [" + out
                    + "], the same for every image");
        }
        return Tensor.of(c.floats(), out);
    }

    private void flatten(OnnxNode node) {
        String x = data(node, 0);
        int rank = shapes.get(x).length + 1;
        int axis = NodeAttributes.integer(node, "axis", 1);
        if ((axis < 0 ? axis + rank : axis) != 1) {
            throw fail(node, "flattens at axis " + axis + "; Loupe flattens each image (axis 1)");
        }
        add(node, new Flatten(), names.choose(node), x);
    }

    /** {@code Reshape} that flattens each image: a target of {@code [N or 0 or -1, -1 or features]}. */
    private void reshape(OnnxNode node) {
        String x = data(node, 0);
        OnnxTensor target = constant(node, 1, "shape");
        int features = Arrays.stream(shapes.get(x)).reduce(1, (a, b) -> a * b);
        long[] t = target.longs();
        boolean flattens = t != null && t.length == 2 && (t[0] >= -1 || t[0] == BATCH) && (t[1] == -1 || t[1] == features)
                && !(t[0] == -1 && t[1] == -1) && !(t[0] == 0 && NodeAttributes.integer(node, "allowzero", 0) != 0);
        if (!flattens) {
            throw fail(node, "reshapes to " + (t == null ? "a float tensor" : Arrays.toString(t).replace(
                    Long.toString(BATCH), "N"))
                    + "; Loupe imports only a Reshape that flattens each image, to [N, -1] or [-1, " + features + "]");
        }
        add(node, new Flatten(), names.choose(node), x);
    }

    private void dropout(OnnxNode node) {
        if (node.outputs().size() > 1 && isUsed(node.outputs().get(1))) {
            throw fail(node, "uses the dropout mask output, which Loupe does not expose");
        }
        if (node.inputs().size() > 2 && !node.inputs().get(2).isEmpty()) {
            OnnxTensor training = constant(node, 2, "training_mode");
            if ((training.isFloat() ? training.floats()[0] : training.longs()[0]) != 0) {
                throw fail(node, "is in training mode; Loupe imports inference-mode models");
            }
        }
        double ratio = node.inputs().size() > 1 && !node.inputs().get(1).isEmpty()
                ? floatConstant(node, 1, "ratio").floats()[0] : NodeAttributes.real(node, "ratio", 0.5);
        add(node, build(node, () -> new Dropout(ratio)), names.choose(node), data(node, 0));
    }

    private void identity(OnnxNode node) {
        String in = node.inputs().get(0), out = node.outputs().get(0);
        if (constants.containsKey(in)) {
            constants.put(out, constants.get(in));
        } else {
            producers.put(out, data(node, 0));
        }
    }

    private void constant(OnnxNode node) {
        Map<String, OnnxAttribute> a = node.attributes();
        String name = node.outputs().get(0);
        OnnxTensor value;
        if (a.containsKey("value")) {
            value = a.get("value").t();
        } else if (a.containsKey("value_ints")) {
            long[] v = a.get("value_ints").ints();
            value = new OnnxTensor(name, new long[] {v.length}, OnnxTensor.INT64, null, v);
        } else if (a.containsKey("value_int")) {
            value = new OnnxTensor(name, new long[0], OnnxTensor.INT64, null, new long[] {a.get("value_int").i()});
        } else if (a.containsKey("value_floats")) {
            float[] v = a.get("value_floats").floats();
            value = new OnnxTensor(name, new long[] {v.length}, OnnxTensor.FLOAT, v, null);
        } else if (a.containsKey("value_float")) {
            value = new OnnxTensor(name, new long[0], OnnxTensor.FLOAT, new float[] {a.get("value_float").f()}, null);
        } else {
            value = null;
        }
        if (value == null) {
            throw fail(node, "has no tensor, float or int value; Loupe reads value, value_float(s) and value_int(s)");
        }
        constants.put(name, value);
    }

    // ---- shape computations, folded into constants (as in x.view(x.size(0), -1)) ----

    /** {@code Shape} of an activation: {@code [N, per-image dims…]}, sliced by {@code start}/{@code end}. */
    private void shape(OnnxNode node) {
        int[] image = shapes.get(data(node, 0));
        long[] full = new long[image.length + 1];
        full[0] = BATCH;
        for (int k = 0; k < image.length; k++) {
            full[k + 1] = image[k];
        }
        int start = clampAxis(NodeAttributes.integer(node, "start", 0), full.length);
        int end = clampAxis(NodeAttributes.integer(node, "end", full.length), full.length);
        long[] v = Arrays.copyOfRange(full, start, Math.max(start, end));
        putLongs(node, new long[] {v.length}, v);
    }

    private static int clampAxis(int axis, int rank) {
        return Math.max(0, Math.min(rank, axis < 0 ? axis + rank : axis));
    }

    /** {@code Gather} from a constant vector (axis 0): the shape of the indices, the values they pick. */
    private void gather(OnnxNode node) {
        OnnxTensor data = shapeConstant(node, 0), indices = shapeConstant(node, 1);
        if (data.dims().length != 1 || NodeAttributes.integer(node, "axis", 0) != 0) {
            throw fail(node, "gathers from a constant of rank " + data.dims().length
                    + "; Loupe folds only Gather from a shape vector");
        }
        long[] v = new long[indices.size()];
        for (int k = 0; k < v.length; k++) {
            long i = indices.longs()[k] < 0 ? indices.longs()[k] + data.size() : indices.longs()[k];
            if (i < 0 || i >= data.size()) {
                throw fail(node, "gathers index " + indices.longs()[k] + " of a " + data.size() + "-vector");
            }
            v[k] = data.longs()[(int) i];
        }
        putLongs(node, indices.dims(), v);
    }

    /** {@code Unsqueeze} of a constant: the same values with axes of size 1 inserted. */
    private void unsqueeze(OnnxNode node) {
        OnnxTensor in = shapeConstant(node, 0);
        long[] axes = node.inputs().size() > 1 ? shapeConstant(node, 1).longs()
                : Arrays.stream(NodeAttributes.ints(node, "axes", new int[0])).asLongStream().toArray();
        int rank = in.dims().length + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            int axis = (int) (a < 0 ? a + rank : a);
            if (axis < 0 || axis >= rank || inserted[axis]) {
                throw fail(node, "has invalid axes " + Arrays.toString(axes));
            }
            inserted[axis] = true;
        }
        long[] dims = new long[rank];
        for (int k = 0, j = 0; k < rank; k++) {
            dims[k] = inserted[k] ? 1 : in.dims()[j++];
        }
        putLongs(node, dims, in.longs());
    }

    /** {@code Concat} of constant vectors. */
    private void concat(OnnxNode node) {
        long[] v = new long[0];
        for (int k = 0; k < node.inputs().size(); k++) {
            OnnxTensor part = shapeConstant(node, k);
            if (part.dims().length != 1) {
                throw fail(node, "joins constants of rank " + part.dims().length
                        + "; Loupe folds only Concat of shape vectors");
            }
            long[] joined = Arrays.copyOf(v, v.length + part.size());
            System.arraycopy(part.longs(), 0, joined, v.length, part.size());
            v = joined;
        }
        putLongs(node, new long[] {v.length}, v);
    }

    /** Input {@code k}, which must be a constant of integers (a shape computation, not an activation). */
    private OnnxTensor shapeConstant(OnnxNode node, int k) {
        String tensor = node.inputs().size() > k ? node.inputs().get(k) : "";
        OnnxTensor t = constants.get(tensor);
        if (t == null || t.isFloat()) {
            throw fail(node, "works on " + (t == null ? "the activation '" + tensor + "'" : "floats")
                    + "; Loupe imports " + node.opType() + " only as part of a shape computation");
        }
        return t;
    }

    private void putLongs(OnnxNode node, long[] dims, long[] values) {
        String out = node.outputs().get(0);
        constants.put(out, new OnnxTensor(out, dims, OnnxTensor.INT64, null, values));
    }

    private void addNode(OnnxNode node) {
        for (int k = 0; k < 2; k++) {
            if (constants.containsKey(node.inputs().get(k))) {
                throw fail(node, "adds the constant '" + node.inputs().get(k) + "'; Loupe imports Add of two "
                        + "activations (a residual join) or of a bias right after MatMul");
            }
        }
        add(node, new Add(), names.choose(node), data(node, 0), data(node, 1));
    }

    /** Softmax over each image's features: the last axis of {@code [N, K]} (or axis 1, flattened, before opset 13). */
    private void softmax(OnnxNode node, Layer layer) {
        String x = data(node, 0);
        int rank = shapes.get(x).length + 1;
        boolean coerces = onnx.opsetVersion() > 0 && onnx.opsetVersion() < 13;
        int axis = NodeAttributes.integer(node, "axis", coerces ? 1 : -1);
        axis = axis < 0 ? axis + rank : axis;
        if (axis != 1 || (!coerces && rank != 2)) {
            throw fail(node, "works on axis " + NodeAttributes.integer(node, "axis", coerces ? 1 : -1) + " of a rank-"
                    + rank + " tensor; Loupe takes it over each image's features, the last axis of [N, K]");
        }
        add(node, layer, names.choose(node), x);
    }

    // ---- bookkeeping ----

    /** Adds {@code layer} under {@code name}, reading the given Loupe nodes, and records its output tensor. */
    private void add(OnnxNode node, Layer layer, String name, String... inputs) {
        builder.add(name, layer, inputs);
        try {
            shapes.put(name, builder.lastShape());
        } catch (IllegalArgumentException e) {
            throw fail(node, "does not fit its input: " + e.getMessage());
        }
        producers.put(node.outputs().get(0), name);
    }

    /** The Loupe node holding input {@code k} of {@code node}, which must be an activation, not a constant. */
    private String data(OnnxNode node, int k) {
        String tensor = node.inputs().size() > k ? node.inputs().get(k) : "";
        if (constants.containsKey(tensor)) {
            throw fail(node, "reads the constant '" + tensor + "' as data; Loupe imports layers of activations");
        }
        String producer = producers.get(tensor);
        if (producer == null) {
            throw fail(node, "reads '" + tensor + "', which no supported node computes");
        }
        return producer;
    }

    /** Like {@link #data} for an input that must be an image batch {@code [N, C, H, W]}. */
    private String image(OnnxNode node, int k) {
        String x = data(node, k);
        if (shapes.get(x).length != 3) {
            throw fail(node, "needs an [N, C, H, W] input but gets [N, " + join(shapes.get(x))
                    + "]; Loupe imports 2-D layers only");
        }
        return x;
    }

    /** Like {@link #data} for an input that must be a batch of vectors {@code [N, K]}. */
    private String vector(OnnxNode node, int k) {
        String x = data(node, k);
        if (shapes.get(x).length != 1) {
            throw fail(node, "needs an [N, K] input but gets [N, " + join(shapes.get(x)) + "]");
        }
        return x;
    }

    private OnnxTensor constant(OnnxNode node, int k, String role) {
        String tensor = node.inputs().size() > k ? node.inputs().get(k) : "";
        OnnxTensor t = constants.get(tensor);
        if (t == null) {
            throw fail(node, "has a " + role + " input '" + tensor + "' that is not a constant; Loupe needs "
                    + "parameters stored as initializers");
        }
        return t;
    }

    private OnnxTensor floatConstant(OnnxNode node, int k, String role) {
        OnnxTensor t = constant(node, k, role);
        if (!t.isFloat()) {
            throw fail(node, "has an integer " + role + " '" + t.name() + "'; Loupe needs floats");
        }
        return t;
    }

    private boolean isUsed(String tensor) {
        return !tensor.isEmpty() && (readers.containsKey(tensor) || graphOutputs.contains(tensor));
    }

    /** Runs a Loupe constructor, turning its validation error into a message about the node. */
    private <T> T build(OnnxNode node, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw fail(node, e.getMessage());
        }
    }

    private LoupeException unsupported(OnnxNode node) {
        String op = node.domain().isEmpty() ? node.opType() : node.domain() + "." + node.opType();
        return fail("unsupported ONNX operator " + op + " in " + node.describe(position) + "; Loupe imports "
                + String.join(", ", OnnxImporter.SUPPORTED_OPERATORS));
    }

    private LoupeException fail(OnnxNode node, String problem) {
        return fail(node.describe(position) + " " + problem);
    }

    private LoupeException fail(String problem) {
        return new LoupeException(source + ": " + problem);
    }

    private static String join(int[] shape) {
        return Arrays.toString(shape).replaceAll("[\\[\\]]", "");
    }
}
