package dev.loupe.train;

import dev.loupe.tensor.Parallel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to train: epochs, mini-batch size, optimizer and its hyper-parameters, seed and threads. The same config on
 * the same data and initial model gives bit-identical weights.
 *
 * @param epochs    passes over the training set, ≥ 1
 * @param batchSize images per step, ≥ 1 (the last batch of an epoch may be smaller)
 * @param optimizer the optimizer with its learning rate, momentum or betas, and weight decay
 * @param seed      seeds the per-epoch shuffling and the dropout masks
 * @param threads   threads for the kernels, ≥ 1; the result depends on it only through float summation order
 */
public record TrainingConfig(int epochs, int batchSize, OptimizerSpec optimizer, long seed, int threads) {
    public TrainingConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("an optimizer is required");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
    }

    /** SGD with momentum and no weight decay. */
    public static TrainingConfig sgd(int epochs, int batchSize, double learningRate, double momentum, long seed,
                                     int threads) {
        return new TrainingConfig(epochs, batchSize, new OptimizerSpec.Sgd(learningRate, momentum, 0), seed, threads);
    }

    /** Adam with PyTorch's default betas and epsilon and no weight decay. */
    public static TrainingConfig adam(int epochs, int batchSize, double learningRate, long seed, int threads) {
        return new TrainingConfig(epochs, batchSize, OptimizerSpec.Adam.of(learningRate), seed, threads);
    }

    /** The learning rate of the optimizer. */
    public double learningRate() {
        return optimizer.learningRate();
    }

    /** The weight decay of the optimizer. */
    public double weightDecay() {
        return optimizer.weightDecay();
    }

    /** The threads as a {@link Parallel}. */
    public Parallel parallel() {
        return Parallel.of(threads);
    }

    /** The same config with another number of epochs. */
    public TrainingConfig withEpochs(int newEpochs) {
        return new TrainingConfig(newEpochs, batchSize, optimizer, seed, threads);
    }

    /** Key/value provenance for model files and reports: epochs, batch size, optimizer and its settings, seed. */
    public Map<String, String> provenance() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("epochs", Integer.toString(epochs));
        p.put("batch_size", Integer.toString(batchSize));
        p.put("optimizer", optimizer.toString());
        p.put("seed", Long.toString(seed));
        p.put("threads", Integer.toString(threads));
        return p;
    }
}
