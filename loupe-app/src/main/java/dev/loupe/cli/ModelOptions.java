package dev.loupe.cli;

import dev.loupe.LoupeException;
import dev.loupe.data.Normalization;
import dev.loupe.io.ModelFile;
import dev.loupe.io.SavedModel;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --model}: a {@code .loupe} model file, or the name of a built-in architecture (seeded, untrained). */
public final class ModelOptions {
    @Option(names = {"--model", "-m"}, paramLabel = "FILE|ARCH", required = true,
            description = "A .loupe model file, or a built-in architecture (seednet, mnistnet, resnet-mini, allconv) "
                    + "with seeded untrained weights.")
    String model;

    /** Loads the model; a built-in architecture uses {@code seed} and MNIST's normalization. */
    public LoadedModel load(long seed) {
        return load(model, seed);
    }

    /** Loads {@code spec}, a model file or an architecture name. */
    public static LoadedModel load(String spec, long seed) {
        Path path = Path.of(spec);
        if (Files.exists(path) || spec.endsWith(".loupe") || spec.contains("/")) {
            SavedModel saved = ModelFile.load(path);
            Model m = saved.model();
            var classes = saved.classNames() == null || saved.classNames().isEmpty()
                    ? LoadedModel.numberedClasses(m.outputSize()) : saved.classNames();
            return new LoadedModel(m, classes, LoadedModel.normalizationOf(saved.provenance(), Normalization.MNIST),
                    saved.provenance(), path.toString());
        }
        if (!Architectures.NAMES.contains(spec)) {
            throw new LoupeException("no model file '" + spec + "', and it is not a built-in architecture ("
                    + String.join(", ", Architectures.NAMES) + ")");
        }
        Model m = Architectures.create(spec, seed);
        System.err.println("note: " + spec + " has seeded, untrained weights (seed " + seed + "); train one with "
                + "'loupe train --arch " + spec + "'");
        return new LoadedModel(m, LoadedModel.numberedClasses(m.outputSize()), Normalization.MNIST, Map.of(),
                spec + " (untrained)");
    }
}
