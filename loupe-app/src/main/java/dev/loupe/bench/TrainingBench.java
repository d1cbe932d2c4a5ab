package dev.loupe.bench;

import dev.loupe.nn.Model;
import dev.loupe.tensor.Parallel;
import java.util.List;

/** The training-step figure, {@code <arch>/train-step/b64}. */
final class TrainingBench {
    private TrainingBench() {
    }

    static List<BenchCase> cases(String arch, Model model, Parallel parallel, long seed) {
        return List.of();
    }
}
