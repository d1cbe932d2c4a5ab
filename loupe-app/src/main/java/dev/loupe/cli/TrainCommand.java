package dev.loupe.cli;

import dev.loupe.data.Dataset;
import dev.loupe.data.DatasetLocator;
import dev.loupe.data.Split;
import dev.loupe.train.OptimizerSpec;
import dev.loupe.train.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loupe train}: trains a built-in architecture, evaluates it and saves a model file. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a built-in architecture on a dataset, evaluate it and save the model.")
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    DataOptions data;

    @Option(names = "--arch", defaultValue = "seednet",
            description = "seednet, mnistnet, resnet-mini or allconv (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd or adam (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.01", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--train-split", defaultValue = "train",
            description = "Split to train on: train or test (default: ${DEFAULT-VALUE}).")
    String trainSplit;

    @Option(names = "--train-range", paramLabel = "FROM:TO", description = "Train on these images of the split only.")
    String trainRange;

    @Option(names = "--test-range", paramLabel = "FROM:TO", description = "Evaluate on these test images only.")
    String testRange;

    @Option(names = {"--out", "-o"}, defaultValue = "model.loupe",
            description = "Model file to write (default: ${DEFAULT-VALUE}); written atomically.")
    Path out;

    @Override
    public Integer call() {
        int threads = common.parallel().threads();
        OptimizerSpec spec = switch (optimizer) {
            case "sgd" -> new OptimizerSpec.Sgd(lr, momentum, weightDecay);
            case "adam" -> new OptimizerSpec.Adam(lr, 0.9, 0.999, 1e-8, weightDecay);
            default -> throw new dev.loupe.LoupeException("unknown optimizer '" + optimizer + "'; use sgd or adam");
        };
        TrainingConfig config = new TrainingConfig(epochs, batch, spec, common.seed(), threads);
        DatasetLocator.Located train = data.locate(Split.parse(trainSplit));
        Dataset trainData = trainRange == null ? train.dataset() : IndexRange.parse(trainRange).of(train.dataset());
        DatasetLocator.Located trainPart = new DatasetLocator.Located(trainData, train.source(), train.location(),
                train.family());
        Dataset test = data.locate(Split.TEST).dataset();
        if (testRange != null) {
            test = IndexRange.parse(testRange).of(test);
        }
        TrainingRun.Outcome outcome = TrainingRun.run(arch, trainPart, test, config, java.util.List.of(), out);
        PrintWriter w = spec().commandLine().getOut();
        w.println(outcome.evaluation().format());
        w.println("model: " + out.toAbsolutePath());
        w.flush();
        return 0;
    }

    private CommandLine.Model.CommandSpec spec() {
        return this.spec;
    }
}
