package dev.loupe.nn;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * An immutable graph of named layers: a sequence, or a DAG for residual nets. Nodes are kept in execution
 * (topological) order; the last node is the output.
 *
 * <p>A forward pass returns a {@link Trace}; a backward walk takes a trace, seeds and a {@link RuleMap}. Nothing is
 * ever stored on the model, so any number of threads can explain one model at the same time. Only a trainer that
 * owns a model (see {@link #deepCopy()}) updates its parameter tensors.
 */
public final class Model {
    /** The name of the model's input in node input lists. */
    public static final String INPUT = "input";

    private final String architecture;
    private final int[] inputShape;
    private final List<Node> nodes;
    private final Map<String, Integer> index;
    private final int[][] shapes;
    /** Each node's readers (and the input's, under {@link #INPUT}), in node order. */
    private final Map<String, List<Node>> consumers;
    /** The digest, computed on first use: parameters never change once a model is handed out. */
    private volatile String digest;

    private Model(String architecture, int[] inputShape, List<Node> nodes) {
        this.architecture = architecture;
        this.inputShape = inputShape.clone();
        this.nodes = List.copyOf(nodes);
        this.index = new HashMap<>();
        this.shapes = new int[nodes.size()][];
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one layer");
        }
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (INPUT.equals(node.name()) || index.containsKey(node.name())) {
                throw new IllegalArgumentException("duplicate or reserved node name: " + node.name());
            }
            List<int[]> in = new ArrayList<>();
            for (String src : node.inputs()) {
                if (INPUT.equals(src)) {
                    in.add(this.inputShape);
                } else if (index.containsKey(src)) {
                    in.add(shapes[index.get(src)]);
                } else {
                    throw new IllegalArgumentException("node " + node.name() + " reads " + src
                            + ", which is not an earlier node");
                }
            }
            try {
                shapes[i] = node.layer().outputShape(in);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("node " + node.name() + ": " + e.getMessage(), e);
            }
            index.put(node.name(), i);
        }
        Map<String, List<Node>> readers = new HashMap<>();
        for (Node node : this.nodes) {
            for (String src : new LinkedHashSet<>(node.inputs())) {
                readers.computeIfAbsent(src, x -> new ArrayList<>()).add(node);
            }
        }
        readers.replaceAll((name, list) -> List.copyOf(list));
        this.consumers = Map.copyOf(readers);
    }

    /** Starts a model whose images have the per-image shape {@code [C, H, W]}. */
    public static Builder builder(String architecture, int... inputShape) {
        return new Builder(architecture, inputShape);
    }

    /** Builds models node by node; a node without explicit inputs reads the previous node (or the input). */
    public static final class Builder {
        private final String architecture;
        private final int[] inputShape;
        private final List<Node> nodes = new ArrayList<>();

        private Builder(String architecture, int[] inputShape) {
            this.architecture = architecture;
            this.inputShape = inputShape.clone();
        }

        /** Appends a one-input layer that reads the previous node. */
        public Builder add(String name, Layer layer) {
            return add(name, layer, nodes.isEmpty() ? INPUT : nodes.get(nodes.size() - 1).name());
        }

        /** Appends a layer reading the named nodes ({@link #INPUT} for the model input). */
        public Builder add(String name, Layer layer, String... inputs) {
            nodes.add(new Node(name, layer, List.of(inputs)));
            return this;
        }

        /** The name of the last node added, or {@link #INPUT}. */
        public String last() {
            return nodes.isEmpty() ? INPUT : nodes.get(nodes.size() - 1).name();
        }

        /** The per-image output shape of the last node added. */
        public int[] lastShape() {
            return nodes.isEmpty() ? inputShape.clone() : new Model(architecture, inputShape, nodes).outputShape();
        }

        /** The finished, validated model. */
        public Model build() {
            return new Model(architecture, inputShape, nodes);
        }
    }

    /** The architecture's name, such as {@code seednet}, or a free name for imported models. */
    public String architecture() {
        return architecture;
    }

    /** The per-image input shape {@code [C, H, W]}. */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** The nodes in execution order. */
    public List<Node> nodes() {
        return nodes;
    }

    /** The node names in execution order. */
    public List<String> nodeNames() {
        return nodes.stream().map(Node::name).toList();
    }

    /** The name of the output node. */
    public String outputName() {
        return nodes.get(nodes.size() - 1).name();
    }

    /** The per-image output shape of the model, e.g. {@code [10]}. */
    public int[] outputShape() {
        return shapes[shapes.length - 1].clone();
    }

    /** Number of outputs per image (classes for a classifier). */
    public int outputSize() {
        int s = 1;
        for (int d : shapes[shapes.length - 1]) {
            s *= d;
        }
        return s;
    }

    /** The per-image output shape of the named node ({@link #INPUT} gives the input shape). */
    public int[] shapeOf(String name) {
        return INPUT.equals(name) ? inputShape.clone() : shapes[indexOf(name)].clone();
    }

    /** Whether a node of that name exists. */
    public boolean has(String name) {
        return index.containsKey(name);
    }

    /**
     * The position of the named node in execution order.
     *
     * @throws LoupeException naming the valid layers when there is no such node
     */
    public int indexOf(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new LoupeException("no layer named '" + name + "'; layers are: " + String.join(", ", nodeNames()));
        }
        return i;
    }

    /** The named node. */
    public Node node(String name) {
        return nodes.get(indexOf(name));
    }

    /** Runs the model in inference mode on the default threads. */
    public Trace forward(Tensor input) {
        return forward(input, ForwardOptions.inference());
    }

    /**
     * Runs the model on a batch {@code [N, C, H, W]} and records every activation.
     *
     * @throws LoupeException when the batch's image shape does not match the model's input shape
     */
    public Trace forward(Tensor input, ForwardOptions options) {
        checkInput(input);
        Tensor[] outputs = new Tensor[nodes.size()];
        LayerState[] states = new LayerState[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            List<Tensor> in = new ArrayList<>(node.inputs().size());
            for (String src : node.inputs()) {
                in.add(INPUT.equals(src) ? input : outputs[index.get(src)]);
            }
            ForwardOptions o = options.training() ? new ForwardOptions(true, options.seed() * 31 + i,
                    options.parallel(), options.backward()) : options;
            LayerOutput out = node.layer().forward(in, o);
            outputs[i] = out.value();
            states[i] = out.state();
        }
        return new Trace(this, input, outputs, states, options);
    }

    /** The model output (logits) for a batch, in inference mode. */
    public Tensor predict(Tensor input) {
        return forward(input, ForwardOptions.prediction(Parallel.defaults())).output();
    }

    private void checkWalkable(Trace trace) {
        if (trace.model() != this) {
            throw new IllegalArgumentException("the trace was recorded by another model");
        }
        if (!trace.options().backward()) {
            throw new IllegalArgumentException("the trace was recorded for prediction only (ForwardOptions.prediction)"
                    + " and cannot be walked backwards; record it with ForwardOptions.inference or training");
        }
    }

    private void checkInput(Tensor input) {
        int[] s = input.shape();
        if (s.length != inputShape.length + 1 || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), inputShape)) {
            throw new LoupeException("input of shape " + Arrays.toString(s) + " does not fit the model "
                    + architecture + ", which takes [N, " + Arrays.toString(inputShape).replaceAll("[\\[\\]]", "")
                    + "] images");
        }
    }

    /** Walks the trace backwards from a signal at the model output, using the rules of {@code rules}. */
    public Backward backward(Trace trace, Tensor outputSignal, RuleMap rules) {
        return backward(trace, Map.of(outputName(), outputSignal), rules, trace.options().parallel());
    }

    /**
     * Walks the trace backwards in reverse execution order. Signals are injected at the named nodes' outputs
     * ({@code seeds}, each shaped like that node's output, batch included); each node's rule turns the signal at
     * its output into signals for its inputs, and signals arriving at one tensor from several consumers add up.
     */
    public Backward backward(Trace trace, Map<String, Tensor> seeds, RuleMap rules, Parallel parallel) {
        checkWalkable(trace);
        Tensor[] signal = new Tensor[nodes.size()];
        int last = -1;
        for (Map.Entry<String, Tensor> seed : seeds.entrySet()) {
            int i = indexOf(seed.getKey());
            if (!seed.getValue().sameShape(trace.activation(i))) {
                throw new IllegalArgumentException("seed for " + seed.getKey() + " has shape "
                        + seed.getValue().shapeString() + ", the layer output is " + trace.activation(i).shapeString());
            }
            signal[i] = seed.getValue().copy();
            last = Math.max(last, i);
        }
        Tensor atInput = null;
        for (int i = last; i >= 0; i--) {
            if (signal[i] == null) {
                continue;
            }
            Node node = nodes.get(i);
            Step step = trace.step(i, parallel);
            List<Tensor> back = rules.ruleFor(node, this).backward(step, signal[i]);
            for (int k = 0; k < back.size(); k++) {
                String src = node.inputs().get(k);
                Tensor s = back.get(k);
                if (INPUT.equals(src)) {
                    atInput = atInput == null ? s : atInput.plus(s);
                } else {
                    int j = index.get(src);
                    signal[j] = signal[j] == null ? s : signal[j].plus(s);
                }
            }
        }
        return new Backward(trace, signal, atInput);
    }

    /**
     * Gradients of a scalar loss with respect to every trainable parameter, given {@code outputGradient}, the loss
     * gradient at the model output. The input gradient of the first layers is not computed.
     */
    public Gradients parameterGradients(Trace trace, Tensor outputGradient) {
        checkWalkable(trace);
        Parallel parallel = trace.options().parallel();
        Tensor[] signal = new Tensor[nodes.size()];
        signal[nodes.size() - 1] = outputGradient;
        boolean[] needsSignal = new boolean[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            boolean trainable = nodes.get(i).layer().parameters().stream().anyMatch(Parameter::trainable);
            for (String src : nodes.get(i).inputs()) {
                if (!INPUT.equals(src) && needsSignal[index.get(src)]) {
                    trainable = true;
                }
            }
            needsSignal[i] = trainable;
        }
        Map<String, List<Tensor>> grads = new LinkedHashMap<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (signal[i] == null) {
                continue;
            }
            Node node = nodes.get(i);
            Step step = trace.step(i, parallel);
            boolean anyUpstream = node.inputs().stream().anyMatch(s -> !INPUT.equals(s) && needsSignal[index.get(s)]);
            List<Tensor> back = null;
            if (node.layer() instanceof LinearLayer lin) {
                Tensor gw = Tensor.zeros(lin.weight().shape());
                Tensor gb = lin.bias() == null ? null : Tensor.zeros(lin.bias().shape());
                if (anyUpstream) {
                    back = List.of(lin.accumulateAndApplyTransposed(step.input(), signal[i], gw, gb, parallel));
                } else {
                    lin.accumulateParameterGradients(step.input(), signal[i], gw, gb, parallel);
                }
                grads.put(node.name(), gb == null ? List.of(gw) : List.of(gw, gb));
            } else if (node.layer() instanceof BatchNorm2d bn) {
                Tensor gw = Tensor.zeros(bn.channels()), gb = Tensor.zeros(bn.channels());
                bn.accumulateParameterGradients(step, signal[i], gw, gb);
                grads.put(node.name(), List.of(gw, gb));
            }
            if (!anyUpstream) {
                continue;
            }
            if (back == null) {
                back = node.layer().backward(step, signal[i]);
            }
            for (int k = 0; k < back.size(); k++) {
                String src = node.inputs().get(k);
                if (!INPUT.equals(src) && needsSignal[index.get(src)]) {
                    int j = index.get(src);
                    signal[j] = signal[j] == null ? back.get(k) : signal[j].plus(back.get(k));
                }
            }
            signal[i] = null;
        }
        Map<String, List<Tensor>> ordered = new LinkedHashMap<>();
        for (Node node : nodes) {
            if (grads.containsKey(node.name())) {
                ordered.put(node.name(), grads.get(node.name()));
            }
        }
        return new Gradients(ordered);
    }

    /** A copy whose parameter tensors are all fresh copies (for a trainer to own, or for a snapshot). */
    public Model deepCopy() {
        List<Node> copy = new ArrayList<>();
        for (Node n : nodes) {
            copy.add(new Node(n.name(), n.layer().deepCopy(), n.inputs()));
        }
        return new Model(architecture, inputShape, copy);
    }

    /** A new model with the named node's layer replaced (same inputs); used by canonizers. */
    public Model withLayer(String name, Layer layer) {
        List<Node> copy = new ArrayList<>(nodes);
        int i = indexOf(name);
        copy.set(i, new Node(name, layer, nodes.get(i).inputs()));
        return new Model(architecture, inputShape, copy);
    }

    /** A new model made of other nodes but the same architecture name and input shape. */
    public Model withNodes(List<Node> newNodes) {
        return new Model(architecture, inputShape, newNodes);
    }

    /** The nodes that read the named node's output (or the input, for {@link #INPUT}). */
    public List<Node> consumersOf(String name) {
        return consumers.getOrDefault(name, List.of());
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        long count = 0;
        for (Node n : nodes) {
            for (Parameter p : n.layer().parameters()) {
                if (p.trainable()) {
                    count += p.value().size();
                }
            }
        }
        return count;
    }

    /**
     * A SHA-256 digest of the architecture and every parameter's bytes (the first 16 hex digits), used as model
     * provenance in attributions and reports. It is computed once and kept: only a trainer changes parameters, on
     * a private copy it hands out when training ends (its snapshots are copies too).
     */
    public String digest() {
        String d = digest;
        if (d == null) {
            d = computeDigest();
            digest = d;
        }
        return d;
    }

    /**
     * The digest computed afresh from the current parameter bytes, bypassing the kept value: what a test uses to
     * show that nothing modified a model's parameters.
     */
    public String recomputeDigest() {
        return computeDigest();
    }

    private String computeDigest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(architecture.getBytes(StandardCharsets.UTF_8));
            for (Node n : nodes) {
                md.update((n.name() + ":" + n.layer().describe() + "<-" + n.inputs()).getBytes(StandardCharsets.UTF_8));
                for (Parameter p : n.layer().parameters()) {
                    float[] d = p.value().data();
                    ByteBuffer buf = ByteBuffer.allocate(d.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    buf.asFloatBuffer().put(d);
                    md.update(buf);
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line per node: name, layer and output shape. */
    public String summary() {
        StringBuilder b = new StringBuilder(architecture).append(" ").append(Arrays.toString(inputShape)).append('\n');
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            b.append(String.format("  %-10s %-28s %s%s%n", n.name(), n.layer().describe(), Arrays.toString(shapes[i]),
                    n.inputs().size() > 1 || !n.inputs().get(0).equals(i == 0 ? INPUT : nodes.get(i - 1).name())
                            ? "  <- " + String.join(" + ", n.inputs()) : ""));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "Model[" + architecture + ", " + nodes.size() + " layers, " + parameterCount() + " parameters]";
    }
}
