package dev.loupe.features;

import dev.loupe.LoupeException;
import dev.loupe.nn.Activation;
import dev.loupe.nn.Add;
import dev.loupe.nn.AvgPool2d;
import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Dropout;
import dev.loupe.nn.Layer;
import dev.loupe.nn.MaxPool2d;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.PoolWindow;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact receptive field of every node of a model graph, computed once by walking the graph in execution order.
 *
 * <p>Convolutions and pooling windows grow the field ({@link ReceptiveField#window}); element-wise layers (ReLU,
 * batch normalisation, dropout) keep it; a residual {@code Add} takes the union of its inputs' fields; flatten, dense
 * layers, global pooling and softmax see the whole image. Zeiler &amp; Fergus (2014) crop their top-9 patches with
 * exactly these fields.
 */
public final class ReceptiveFields {
    private final Model model;
    private final Map<String, ReceptiveField> fields;

    private ReceptiveFields(Model model, Map<String, ReceptiveField> fields) {
        this.model = model;
        this.fields = fields;
    }

    /** The fields of every node of {@code model}. */
    public static ReceptiveFields of(Model model) {
        int[] in = model.inputShape();
        int height = in.length >= 2 ? in[in.length - 2] : 1, width = in.length >= 1 ? in[in.length - 1] : 1;
        Map<String, ReceptiveField> fields = new HashMap<>();
        fields.put(Model.INPUT, in.length == 3 ? ReceptiveField.identity() : ReceptiveField.whole(height, width));
        for (Node node : model.nodes()) {
            List<ReceptiveField> inputs = node.inputs().stream().map(fields::get).toList();
            fields.put(node.name(), next(node.layer(), inputs, model.shapeOf(node.name()), height, width));
        }
        return new ReceptiveFields(model, fields);
    }

    private static ReceptiveField next(Layer layer, List<ReceptiveField> inputs, int[] outShape, int height,
                                       int width) {
        ReceptiveField f = inputs.get(0);
        if (outShape.length != 3) {
            return ReceptiveField.whole(height, width);
        }
        if (layer instanceof Conv2d conv) {
            ConvGeometry g = conv.geometry();
            return f.window(g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padH(), g.padW(), g.dilationH(),
                    g.dilationW());
        }
        PoolWindow w = null;
        if (layer instanceof MaxPool2d pool) {
            w = pool.window();
        } else if (layer instanceof AvgPool2d pool) {
            w = pool.window();
        }
        if (w != null) {
            return f.window(w.kernelH(), w.kernelW(), w.strideH(), w.strideW(), w.padH(), w.padW(), w.dilationH(),
                    w.dilationW());
        }
        if (layer instanceof Add) {
            return f.union(inputs.get(1), height, width);
        }
        if (layer instanceof Activation || layer instanceof BatchNorm2d || layer instanceof Dropout) {
            return f;
        }
        // global pooling, flatten, dense layers and softmax mix every position
        return ReceptiveField.whole(height, width);
    }

    /** The model the fields belong to. */
    public Model model() {
        return model;
    }

    /**
     * The field of the named node.
     *
     * @throws LoupeException naming the valid layers when there is no such node
     */
    public ReceptiveField field(String layer) {
        if (!Model.INPUT.equals(layer)) {
            model.indexOf(layer);
        }
        return fields.get(layer);
    }

    /**
     * The region of input behind unit {@code (y, x)} of {@code layer}, checked against the layer's output grid.
     *
     * @throws LoupeException for an unknown layer or a position outside the layer's output
     */
    public PatchRegion region(String layer, int y, int x) {
        ReceptiveField f = field(layer);
        int[] s = model.shapeOf(layer);
        int h = s.length == 3 ? s[1] : 1, w = s.length == 3 ? s[2] : 1;
        if (y < 0 || y >= h || x < 0 || x >= w) {
            throw new LoupeException("position (" + y + ", " + x + ") is outside layer " + layer + ", whose output is "
                    + h + "x" + w + " (rows 0.." + (h - 1) + ", columns 0.." + (w - 1) + ")");
        }
        int[] in = model.inputShape();
        return f.region(y, x, in[in.length - 2], in[in.length - 1]);
    }

    /** The input patch behind unit {@code (y, x)} of {@code layer}, clipped to the image: {@code [C, h, w]}. */
    public Tensor crop(Tensor image, String layer, int y, int x) {
        return region(layer, y, x).crop(image);
    }

    /** The full field behind unit {@code (y, x)}, padded with {@code fill} outside the image: {@code [C, size, size]}. */
    public Tensor cropPadded(Tensor image, String layer, int y, int x, float fill) {
        return region(layer, y, x).cropPadded(image, fill);
    }
}
