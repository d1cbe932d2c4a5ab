package dev.loupe.cli;

import dev.loupe.data.Dataset;
import dev.loupe.data.Split;
import dev.loupe.train.Evaluation;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loupe eval}: accuracy and confusion matrix of a model on a dataset split. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Print the accuracy ('accuracy: 0.9123') and the confusion matrix of a model.")
final class EvalCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    DataOptions data;

    @Option(names = "--split", defaultValue = "test", description = "train or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--range", paramLabel = "FROM:TO", description = "Only these images of the split.")
    String range;

    @Override
    public Integer call() {
        var parallel = common.parallel();
        LoadedModel m = modelOptions.load(common.seed());
        Dataset d = data.locate(Split.parse(split)).dataset();
        if (range != null) {
            d = IndexRange.parse(range).of(d);
        }
        InputCheck.requireFits(m, d.channels(), d.height(), d.width(), d.name());
        Dataset normalised = new Dataset(m.normalization().apply(d.images()), d.labels(), d.classNames(), d.name());
        Evaluation e = Evaluation.of(m.model(), normalised, 256, parallel);
        PrintWriter w = spec.commandLine().getOut();
        w.println(e.format());
        w.flush();
        return 0;
    }
}
