package dev.loupe.train;

import dev.loupe.LoupeException;
import dev.loupe.data.Dataset;
import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Gradients;
import dev.loupe.nn.LayerState;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.Parameter;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains a classifier with mini-batch cross-entropy ({@link CrossEntropy}) and an {@link Optimizer}.
 *
 * <p>{@link #train} never touches the model it is given: it trains a deep copy that it owns, and hands that copy
 * back. Each step runs the forward pass in training mode (batch statistics, dropout), computes the parameter
 * gradients, updates the parameters in place and folds the batch statistics into the running statistics of every
 * {@link BatchNorm2d}, as PyTorch's {@code model.train()} loop does. Images are visited in a fresh seeded order each
 * epoch ({@link Shuffle}); with the same config, data and initial model, the trained weights are bit-identical.
 */
public final class Trainer {
    private final TrainingConfig config;
    private final List<TrainingListener> listeners;

    /** A trainer with no listeners. */
    public Trainer(TrainingConfig config) {
        this(config, List.of());
    }

    /** A trainer reporting to {@code listeners}, in order. */
    public Trainer(TrainingConfig config, List<TrainingListener> listeners) {
        this.config = config;
        this.listeners = List.copyOf(listeners);
    }

    /** The config. */
    public TrainingConfig config() {
        return config;
    }

    /**
     * Trains a copy of {@code initial} on {@code images [N, C, H, W]} with class indices {@code labels [N]}.
     *
     * @return the trained copy; {@code initial} is unchanged
     * @throws LoupeException when the images do not fit the model or the labels do not fit the images or classes
     */
    public Model train(Model initial, Tensor images, int[] labels) {
        checkData(initial, images, labels);
        return new Run(initial.deepCopy(), images, labels).execute();
    }

    /**
     * Trains a copy of {@code initial} on a dataset's images as they are (normalise them first if the model expects
     * it, e.g. with {@code Normalization.apply}).
     */
    public Model train(Model initial, Dataset data) {
        return train(initial, data.images(), data.labels());
    }

    private static void checkData(Model model, Tensor images, int[] labels) {
        int[] s = images.shape();
        int[] in = model.inputShape();
        if (s.length != in.length + 1 || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), in)) {
            throw new LoupeException("training images of shape " + images.shapeString() + " do not fit the model "
                    + model.architecture() + ", which takes [N, " + Arrays.toString(in).replaceAll("[\\[\\]]", "")
                    + "]");
        }
        if (s[0] == 0) {
            throw new LoupeException("no training images");
        }
        if (labels.length != s[0]) {
            throw new LoupeException("there are " + s[0] + " training images but " + labels.length + " labels");
        }
        int classes = model.outputSize();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new LoupeException("label " + labels[i] + " of training image " + i + " is outside the "
                        + classes + " classes of the model");
            }
        }
    }

    /** The mutable state of one training run; lives on the calling thread only. */
    private final class Run {
        private final Model model;
        private final Tensor images;
        private final int[] labels;
        private final Parallel parallel;
        private final List<Tensor> parameters = new ArrayList<>();
        private final List<String> parameterNodes = new ArrayList<>();
        private final List<Integer> parameterSlots = new ArrayList<>();
        private final List<Node> batchNorms = new ArrayList<>();
        private final Optimizer optimizer;
        private long step;

        Run(Model model, Tensor images, int[] labels) {
            this.model = model;
            this.images = images;
            this.labels = labels;
            this.parallel = config.parallel();
            this.optimizer = config.optimizer().create();
            for (Node node : model.nodes()) {
                int slot = 0;
                for (Parameter p : node.layer().parameters()) {
                    if (p.trainable()) {
                        parameters.add(p.value());
                        parameterNodes.add(node.name());
                        parameterSlots.add(slot++);
                    }
                }
                if (node.layer() instanceof BatchNorm2d) {
                    batchNorms.add(node);
                }
            }
        }

        Model execute() {
            int n = images.dim(0);
            int batch = Math.min(config.batchSize(), n);
            int stepsPerEpoch = (n + batch - 1) / batch;
            Tensor full = Tensor.zeros(withBatch(images.shape(), batch));
            int[] batchLabels = new int[batch];
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                int[] order = Shuffle.permutation(n, config.seed(), epoch);
                long[] phase = new long[5];
                double lossSum = 0;
                long correct = 0;
                for (int s = 0; s < stepsPerEpoch; s++) {
                    long t0 = System.nanoTime();
                    int from = s * batch, size = Math.min(batch, n - from);
                    Tensor x = size == batch ? full : Tensor.zeros(withBatch(images.shape(), size));
                    gather(order, from, size, x, batchLabels);
                    long t1 = System.nanoTime();
                    Trace trace = model.forward(x, ForwardOptions.training(dropoutSeed(), parallel));
                    long t2 = System.nanoTime();
                    Tensor logits = trace.output();
                    CrossEntropy.Result ce = CrossEntropy.of(logits.reshape(size, -1), batchLabels, 0);
                    long t3 = System.nanoTime();
                    Gradients grads = model.parameterGradients(trace, ce.gradient().reshape(logits.shape()));
                    long t4 = System.nanoTime();
                    update(trace, grads);
                    long t5 = System.nanoTime();
                    step++;
                    phase[0] += t1 - t0;
                    phase[1] += t2 - t1;
                    phase[2] += t3 - t2;
                    phase[3] += t4 - t3;
                    phase[4] += t5 - t4;
                    lossSum += ce.loss() * size;
                    correct += ce.correct();
                    long seen = (long) from + size;
                    boolean epochEnd = s == stepsPerEpoch - 1;
                    if (epochEnd || listeners.stream().anyMatch(this::due)) {
                        PhaseTimes times = times(phase);
                        notifyListeners(new TrainingProgress(epoch + 1, config.epochs(), step, s + 1, stepsPerEpoch,
                                seen, lossSum / seen, ce.loss(), (double) correct / seen,
                                seen / Math.max(1e-9, times.total()), times, model, () -> step), epochEnd);
                    }
                }
            }
            return model;
        }

        /** Copies the images {@code order[from .. from + size)} into {@code x} and their labels into the array. */
        private void gather(int[] order, int from, int size, Tensor x, int[] batchLabels) {
            int perImage = images.size() / images.dim(0);
            float[] xd = x.data(), src = images.data();
            for (int i = 0; i < size; i++) {
                System.arraycopy(src, order[from + i] * perImage, xd, i * perImage, perImage);
                batchLabels[i] = labels[order[from + i]];
            }
        }

        /** The optimizer step on every trainable parameter, then the batch-norm running statistics. */
        private void update(Trace trace, Gradients grads) {
            List<Tensor> gradients = new ArrayList<>(parameters.size());
            for (int i = 0; i < parameters.size(); i++) {
                List<Tensor> g = grads.of(parameterNodes.get(i));
                // a parameter that does not reach the output gets no gradient; it only decays
                gradients.add(g.isEmpty() ? Tensor.zeros(parameters.get(i).shape()) : g.get(parameterSlots.get(i)));
            }
            optimizer.step(parameters, gradients, parallel);
            for (Node bn : batchNorms) {
                if (trace.state(bn.name()) instanceof LayerState.BatchStatistics stats) {
                    ((BatchNorm2d) bn.layer()).updateRunningStatistics(stats);
                }
            }
        }

        private boolean due(TrainingListener listener) {
            return listener.stepInterval() > 0 && step % listener.stepInterval() == 0;
        }

        private void notifyListeners(TrainingProgress progress, boolean epochEnd) {
            for (TrainingListener l : listeners) {
                if (due(l)) {
                    l.onSteps(progress);
                }
            }
            if (epochEnd) {
                for (TrainingListener l : listeners) {
                    l.onEpochEnd(progress);
                }
            }
        }

        /** Each step's dropout masks come from the seed and the step number. */
        private long dropoutSeed() {
            return config.seed() * 0x9E3779B97F4A7C15L + step;
        }
    }

    private static PhaseTimes times(long[] phase) {
        return new PhaseTimes(phase[0] / 1e9, phase[1] / 1e9, phase[2] / 1e9, phase[3] / 1e9, phase[4] / 1e9);
    }

    private static int[] withBatch(int[] shape, int n) {
        int[] s = shape.clone();
        s[0] = n;
        return s;
    }
}
