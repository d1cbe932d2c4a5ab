package dev.loupe.bench;

import dev.loupe.nn.Model;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import dev.loupe.train.OptimizerSpec;
import dev.loupe.train.Trainer;
import dev.loupe.train.TrainingConfig;
import java.util.List;
import java.util.Random;

/**
 * The training-step figure, {@code <arch>/train-step/b64}: {@link Trainer} steps at batch 64 with SGD and momentum
 * (training-mode forward, cross-entropy, parameter gradients, optimizer update), the same work as iterations of
 * PyTorch's {@code loss.backward(); optimizer.step()} loop. A run is an epoch of {@value #STEPS} steps, so that what
 * a run does once (copying the model, which the trainer owns, and setting up the optimizer's state and the first
 * step's arrays) is spread as in a real epoch; the figure counts the images of all its steps.
 */
final class TrainingBench {
    /** Steps per run. */
    private static final int STEPS = 8;

    private TrainingBench() {
    }

    static List<BenchCase> cases(String arch, Model model, Parallel parallel, long seed) {
        Random random = new Random(seed + 1);
        int[] shape = model.inputShape();
        Tensor images = Tensor.randn(random, 1f, STEPS * 64, shape[0], shape[1], shape[2]);
        int[] labels = random.ints(STEPS * 64, 0, model.outputSize()).toArray();
        Trainer trainer = new Trainer(new TrainingConfig(1, 64, new OptimizerSpec.Sgd(0.01, 0.9, 0), seed,
                parallel.threads()));
        return List.of(new BenchCase(arch + "/train-step/b64", STEPS * 64, () -> trainer.train(model, images, labels)));
    }
}
