package dev.loupe.cli;

import dev.loupe.LoupeException;
import dev.loupe.data.Normalization;
import dev.loupe.io.ModelFile;
import dev.loupe.io.SavedModel;
import dev.loupe.io.onnx.OnnxImporter;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --model}: a {@code .loupe} model file, an {@code .onnx} model exported from another framework, or the name
 * of a built-in architecture (seeded, untrained).
 */
public final class ModelOptions {
    @Option(names = {"--model", "-m"}, paramLabel = "FILE|ARCH", required = true,
            description = "A .loupe model file, an .onnx model (classes 0..k-1, MNIST normalization), or a built-in "
                    + "architecture (seednet, mnistnet, resnet-mini, allconv) with seeded untrained weights.")
    String model;

    /** Loads the model; a built-in architecture uses {@code seed} and MNIST's normalization. */
    public LoadedModel load(long seed) {
        return load(model, seed);
    }

    /** Loads {@code spec}, a model file ({@code .loupe} or {@code .onnx}) or an architecture name. */
    public static LoadedModel load(String spec, long seed) {
        Path path = Path.of(spec);
        if (spec.toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            return loadOnnx(path);
        }
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

    /**
     * Imports an ONNX model. ONNX files carry neither class names nor the input normalization, so the classes are
     * numbered 0..k-1 and MNIST's mean and standard deviation are used (for every channel), with a note on stderr.
     */
    static LoadedModel loadOnnx(Path path) {
        SavedModel saved = OnnxImporter.load(path);
        Model m = saved.model();
        Normalization mnist = Normalization.MNIST;
        int channels = m.inputShape()[0];
        double[] mean = new double[channels], std = new double[channels];
        Arrays.fill(mean, mnist.mean()[0]);
        Arrays.fill(std, mnist.std()[0]);
        System.err.println("note: " + path + " is an ONNX model, which stores no class names or input normalization;"
                + " using classes 0.." + (m.outputSize() - 1) + " and MNIST's normalization (mean " + mean[0]
                + ", std " + std[0] + (channels == 1 ? ")" : " for each of " + channels + " channels)"));
        return new LoadedModel(m, LoadedModel.numberedClasses(m.outputSize()), new Normalization(mean, std),
                saved.provenance(), path.toString());
    }
}
