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
import dev.loupe.tensor.Recycler;
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
 * {@link BatchNorm2d}, as PyTorch's {@code model.train()} loop does. The large arrays of one step (activations,
 * switches, gradients) are reused by the next ({@link Recycler}), which leaves the garbage collector little to do.
 * Images are visited in a fresh seeded order each epoch ({@link Shuffle}); with the same config, data and initial
 * model, the trained weights are bit-identical.
 */
public final class Trainer {
    private final TrainingConfig config;
    private final List<TrainingListener> listeners;
    private final boolean recycle;

    /** A trainer with no listeners. */
    public Trainer(TrainingConfig config) {
        this(config, List.of());
    }

    /** A trainer reporting to {@code listeners}, in order. */
    public Trainer(TrainingConfig config, List<TrainingListener> listeners) {
        this(config, listeners, true);
    }

    /** A trainer that takes every step's arrays afresh when {@code recycle} is false (to test the recycling). */
    Trainer(TrainingConfig config, List<TrainingListener> listeners, boolean recycle) {
        this.config = config;
        this.listeners = List.copyOf(listeners);
        this.recycle = recycle;
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
        /** The arrays of a step's trace and gradients, reused by the next step once the parameters are updated. */
        private final Recycler memory = recycle ? new Recycler() : null;
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
                    phase[0] += System.nanoTime() - t0;
                    CrossEntropy.Result ce = stepOn(x, batchLabels, phase);
                    step++;
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

        /**
         * One step on the batch {@code x} with its labels: forward, loss, parameter gradients, then the update. The
         * forward and backward take their large arrays from {@link #memory}, which gets them all back once the
         * parameters are updated. Adds the times of the forward, the loss, the gradients and the update to
         * {@code phase[1..4]}.
         */
        private CrossEntropy.Result stepOn(Tensor x, int[] batchLabels, long[] phase) {
            long t0 = System.nanoTime();
            Trace trace;
            CrossEntropy.Result ce;
            Gradients grads;
            long t1, t2;
            try (Recycler.Binding binding = memory == null ? null : memory.bind()) {
                trace = model.forward(x, ForwardOptions.training(dropoutSeed(), parallel));
                t1 = System.nanoTime();
                Tensor logits = trace.output();
                ce = CrossEntropy.of(logits.reshape(x.dim(0), -1), batchLabels, 0);
                t2 = System.nanoTime();
                grads = model.parameterGradients(trace, ce.gradient().reshape(logits.shape()));
            }
            long t3 = System.nanoTime();
            update(trace, grads);
            if (memory != null) {
                memory.reclaim();
            }
            long t4 = System.nanoTime();
            phase[1] += t1 - t0;
            phase[2] += t2 - t1;
            phase[3] += t3 - t2;
            phase[4] += t4 - t3;
            return ce;
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
