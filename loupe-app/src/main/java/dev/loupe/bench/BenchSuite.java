package dev.loupe.bench;

import dev.loupe.explain.Explainer;
import dev.loupe.explain.MethodRegistry;
import dev.loupe.explain.MethodSpec;
import dev.loupe.explain.Target;
import dev.loupe.explain.synthesis.ActivationMaximization;
import dev.loupe.explain.synthesis.AscentConfig;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The figures {@code loupe bench} measures for one architecture: inference at batch 1 and 256, a training step at
 * batch 64, every registered explanation method at batch 32 (occlusion at batch 1) and a 200-step class model, all
 * on seeded untrained weights and seeded inputs shaped like MNIST digits. Integrated Gradients runs 50 steps in
 * batches of 50 and SmoothGrad 25 samples, as in the peer figures.
 */
public final class BenchSuite {
    /** Methods measured at batch 1 rather than 32, with their bench names and parameters. */
    private static final Map<String, Map<String, String>> PER_IMAGE = Map.of(
            "occlusion-w4-s2", Map.of("window", "4", "stride", "2"),
            "occlusion-w6-s1", Map.of("window", "6", "stride", "1"));

    /** Parameters that make a figure comparable with the peer figures of the issues (Captum's settings). */
    private static final Map<String, Map<String, String>> PEER_SETTINGS = Map.of(
            "integrated-gradients", Map.of("steps", "50", "internal-batch", "50"),
            "smoothgrad", Map.of("samples", "25"));

    private BenchSuite() {
    }

    /** The cases for {@code arch} on {@code parallel}. */
    public static List<BenchCase> cases(String arch, Parallel parallel, long seed) {
        Model model = Architectures.create(arch, seed);
        Random random = new Random(seed);
        Tensor b1 = Tensor.randn(random, 1f, 1, 1, 28, 28);
        Tensor b32 = Tensor.randn(random, 1f, 32, 1, 28, 28);
        Tensor b256 = Tensor.randn(random, 1f, 256, 1, 28, 28);
        ForwardOptions inference = ForwardOptions.prediction(parallel);
        List<BenchCase> cases = new ArrayList<>();
        cases.add(new BenchCase(arch + "/inference/b1", 1, () -> model.forward(b1, inference).output()));
        cases.add(new BenchCase(arch + "/inference/b256", 256, () -> model.forward(b256, inference).output()));
        cases.addAll(TrainingBench.cases(arch, model, parallel, seed));
        cases.addAll(FeaturesBench.cases(arch, model, parallel, seed));
        MethodRegistry registry = MethodRegistry.defaults();
        for (MethodSpec m : registry.all()) {
            if (m.family().equals("perturbation") || m.family().equals("synthesis")) {
                continue;
            }
            Explainer e = m.create(PEER_SETTINGS.getOrDefault(m.name(), Map.of()));
            cases.add(new BenchCase(arch + "/" + m.name() + "/b32", 32,
                    () -> withThreads(parallel, () -> e.explain(model, b32, new Target.Predicted()))));
        }
        if (registry.all().stream().anyMatch(m -> m.name().equals("occlusion"))) {
            PER_IMAGE.forEach((name, params) -> {
                Explainer e = registry.create("occlusion", params);
                cases.add(new BenchCase(arch + "/" + name + "/b1", 1,
                        () -> withThreads(parallel, () -> e.explain(model, b1, new Target.Predicted()))));
            });
        }
        // Simonyan et al.'s class model: 200 Adam steps on one image, so images/s is the inverse of its seconds.
        ActivationMaximization ascent = new ActivationMaximization(parallel);
        cases.add(new BenchCase(arch + "/class-model-200-adam/b1", 1,
                () -> ascent.run(model, AscentConfig.classModel(0)).image()));
        return cases;
    }

    /** Runs {@code work} with the process default thread count set to {@code parallel}'s. */
    private static Object withThreads(Parallel parallel, BenchCase.Work work) throws Exception {
        Parallel before = Parallel.defaults();
        Parallel.setDefaultThreads(parallel.threads());
        try {
            return work.run();
        } finally {
            Parallel.setDefaultThreads(before.threads());
        }
    }
}
