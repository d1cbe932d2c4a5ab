package dev.loupe.cli;

import dev.loupe.nn.Softmax;
import dev.loupe.tensor.Tensor;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loupe predict}: class probabilities for one image, best first. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Print the class probabilities of one image, best first.")
final class PredictCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    ImageOptions image;

    @Mixin
    DataOptions data;

    @Option(names = "--top", defaultValue = "10", description = "How many classes to print (default: ${DEFAULT-VALUE}).")
    int top;

    @Override
    public Integer call() {
        common.parallel();
        LoadedModel m = modelOptions.load(common.seed());
        ImageOptions.Picked picked = image.pick(m, data);
        Tensor p = Softmax.of(m.model().predict(m.normalization().apply(picked.pixels())));
        PrintWriter w = spec.commandLine().getOut();
        w.println(picked.name() + (picked.label() >= 0 ? " (label " + m.classNames().get(picked.label()) + ")" : ""));
        int k = p.dim(1);
        IntStream.range(0, k).boxed().sorted(Comparator.comparingDouble(c -> -p.data()[c])).limit(Math.max(1, top))
                .forEach(c -> w.printf("  %-14s %.4f%n", m.classNames().get(c), p.data()[c]));
        w.flush();
        return 0;
    }
}
