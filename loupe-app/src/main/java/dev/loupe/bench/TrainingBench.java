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
 * The training-step figure, {@code <arch>/train-step/b64}: one {@link Trainer} step at batch 64 with SGD and
 * momentum (training-mode forward, cross-entropy, parameter gradients, optimizer update), the same work as one
 * iteration of PyTorch's {@code loss.backward(); optimizer.step()} loop. Each run also copies the model, which the
 * trainer owns; that copy is about 1% of a step.
 */
final class TrainingBench {
    private TrainingBench() {
    }

    static List<BenchCase> cases(String arch, Model model, Parallel parallel, long seed) {
        Random random = new Random(seed + 1);
        int[] shape = model.inputShape();
        Tensor images = Tensor.randn(random, 1f, 64, shape[0], shape[1], shape[2]);
        int[] labels = random.ints(64, 0, model.outputSize()).toArray();
        Trainer trainer = new Trainer(new TrainingConfig(1, 64, new OptimizerSpec.Sgd(0.01, 0.9, 0), seed,
                parallel.threads()));
        return List.of(new BenchCase(arch + "/train-step/b64", 64, () -> trainer.train(model, images, labels)));
    }
}
