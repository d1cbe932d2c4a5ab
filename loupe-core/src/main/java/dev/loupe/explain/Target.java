package dev.loupe.explain;

import dev.loupe.LoupeException;
import dev.loupe.nn.Model;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * What an explanation explains: a class score, the predicted class, one neuron of a layer, a whole channel, or a
 * whole layer.
 *
 * <p>A target becomes a seed for a backward walk with {@link #seed}: a tensor shaped like the target layer's output
 * that is 1 at the explained elements (or, for relevance methods, the activation value there) and 0 elsewhere.
 */
public sealed interface Target {

    /** The logit of class {@code index} for every image. */
    record ClassIndex(int index) implements Target {
        public ClassIndex {
            if (index < 0) {
                throw new LoupeException("class index must be non-negative, got " + index);
            }
        }
    }

    /** One class per image: the logit of {@code classes[i]} for image i. */
    record PerImage(int[] classes) implements Target {
        public PerImage {
            classes = classes.clone();
        }

        @Override
        public int[] classes() {
            return classes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PerImage p && Arrays.equals(classes, p.classes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(classes);
        }

        @Override
        public String toString() {
            return "PerImage" + Arrays.toString(classes);
        }
    }

    /** The class the model predicts for each image (the argmax of its logits, the first on ties). */
    record Predicted() implements Target {
    }

    /** One activation: layer output {@code [channel, y, x]} (for a dense layer, {@code y = x = 0}). */
    record Neuron(String layer, int channel, int y, int x) implements Target {
    }

    /** A whole feature map: the sum of channel {@code channel} of the layer's output. */
    record Channel(String layer, int channel) implements Target {
    }

    /**
     * Every activation of a layer at once: the sum of the layer's whole output. With seeding by value this is
     * Zeiler &amp; Fergus's projection of all feature maps of a layer.
     */
    record WholeLayer(String layer) implements Target {
    }

    /** The class of image i (throws for neuron and channel targets). */
    static int[] classesOf(Target target, Tensor logits) {
        int n = logits.dim(0), k = logits.dim(1);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            if (target instanceof ClassIndex c) {
                out[i] = c.index();
            } else if (target instanceof PerImage p) {
                if (p.classes.length != n) {
                    throw new LoupeException("got " + p.classes.length + " targets for " + n + " images");
                }
                out[i] = p.classes[i];
            } else if (target instanceof Predicted) {
                out[i] = logits.argmax(i);
            } else {
                throw new LoupeException(target + " is not a class target");
            }
            if (out[i] < 0 || out[i] >= k) {
                throw new LoupeException("target class " + out[i] + " is out of range: the model has " + k
                        + " classes (0.." + (k - 1) + ")");
            }
        }
        return out;
    }

    /** The layer the target lives on: the model output for class targets. */
    default String layer(Model model) {
        if (this instanceof Neuron n) {
            return n.layer();
        }
        if (this instanceof WholeLayer w) {
            return w.layer();
        }
        return this instanceof Channel c ? c.layer() : model.outputName();
    }

    /**
     * This target with the class of every image fixed as predicted in {@code trace}: {@link Predicted} and
     * {@link ClassIndex} become {@link PerImage}; neuron, channel and layer targets are returned unchanged. Methods
     * that run the model on altered inputs (noise, paths, masks) fix the target on the clean input first.
     */
    default Target fixedOn(Trace trace) {
        if (this instanceof Neuron || this instanceof Channel || this instanceof WholeLayer) {
            return this;
        }
        Tensor out = trace.output();
        return new PerImage(classesOf(this, out.reshape(out.dim(0), -1)));
    }

    /**
     * The target for a batch of rows built from the images of the original batch: row r is made from image
     * {@code imageOfRow[r]}. Per-image classes follow their image; other targets stay as they are.
     *
     * @throws IllegalStateException for {@link Predicted}, which must be {@linkplain #fixedOn fixed} first
     */
    default Target forRows(int[] imageOfRow) {
        if (this instanceof Predicted) {
            throw new IllegalStateException("fix a predicted target on the clean input before repeating it");
        }
        if (this instanceof PerImage p) {
            int[] rows = new int[imageOfRow.length];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = p.classes[imageOfRow[r]];
            }
            return new PerImage(rows);
        }
        return this;
    }

    /**
     * The seed at {@link #layer}: 1 (or, with {@code byValue}, the activation itself) at the explained elements,
     * 0 elsewhere, shaped like the layer's output with the batch.
     *
     * @throws LoupeException for an unknown layer or an out-of-range class, channel or position
     */
    default Tensor seed(Trace trace, boolean byValue) {
        Model model = trace.model();
        String layer = layer(model);
        Tensor act = trace.activation(layer);
        Tensor seed = Tensor.zeros(act.shape());
        float[] s = seed.data(), a = act.data();
        int n = act.dim(0), per = act.size() / Math.max(1, n);
        if (this instanceof Neuron t) {
            int[] sh = model.shapeOf(layer);
            int c = sh[0], h = sh.length > 1 ? sh[1] : 1, w = sh.length > 2 ? sh[2] : 1;
            checkRange("channel", t.channel(), c, layer);
            checkRange("row", t.y(), h, layer);
            checkRange("column", t.x(), w, layer);
            int off = (t.channel() * h + t.y()) * w + t.x();
            for (int i = 0; i < n; i++) {
                s[i * per + off] = byValue ? a[i * per + off] : 1f;
            }
        } else if (this instanceof Channel t) {
            int[] sh = model.shapeOf(layer);
            checkRange("channel", t.channel(), sh[0], layer);
            int area = per / sh[0];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < area; p++) {
                    int at = i * per + t.channel() * area + p;
                    s[at] = byValue ? a[at] : 1f;
                }
            }
        } else if (this instanceof WholeLayer) {
            for (int i = 0; i < s.length; i++) {
                s[i] = byValue ? a[i] : 1f;
            }
        } else {
            int[] classes = classesOf(this, act.reshape(n, per));
            for (int i = 0; i < n; i++) {
                int at = i * per + classes[i];
                s[at] = byValue ? a[at] : 1f;
            }
        }
        return seed;
    }

    /** The explained quantity per image: the target logit, neuron value or channel sum. */
    default double[] score(Trace trace) {
        Tensor seed = seed(trace, true);
        return seed.sumPerItem();
    }

    /** The seed as a map from layer name to seed tensor, ready for {@link Model#backward}. */
    default Map<String, Tensor> seeds(Trace trace, boolean byValue) {
        return Map.of(layer(trace.model()), seed(trace, byValue));
    }

    private static void checkRange(String what, int value, int size, String layer) {
        if (value < 0 || value >= size) {
            throw new LoupeException(what + " " + value + " is out of range for layer " + layer + " (0.." + (size - 1)
                    + ")");
        }
    }

    /**
     * Parses {@code predicted}, a class index such as {@code 3}, {@code neuron:LAYER:C:Y:X},
     * {@code channel:LAYER:C} or {@code layer:LAYER}.
     */
    static Target parse(String text) {
        String t = text.trim();
        try {
            if (t.equals("predicted") || t.isEmpty()) {
                return new Predicted();
            }
            String[] p = t.split(":");
            if (p[0].equals("neuron") && (p.length == 5 || p.length == 3)) {
                return p.length == 5 ? new Neuron(p[1], Integer.parseInt(p[2]), Integer.parseInt(p[3]),
                        Integer.parseInt(p[4])) : new Neuron(p[1], Integer.parseInt(p[2]), 0, 0);
            }
            if (p[0].equals("layer") && p.length == 2) {
                return new WholeLayer(p[1]);
            }
            if (p[0].equals("channel") && p.length == 3) {
                return new Channel(p[1], Integer.parseInt(p[2]));
            }
            return new ClassIndex(Integer.parseInt(t));
        } catch (NumberFormatException e) {
            throw new LoupeException("cannot read target '" + text
                    + "': use a class index, 'predicted', neuron:LAYER:C:Y:X, channel:LAYER:C or layer:LAYER");
        }
    }
}
