package dev.loupe.cli;

import dev.loupe.LoupeException;
import dev.loupe.explain.synthesis.ActivationMaximization;
import dev.loupe.explain.synthesis.AscentConfig;
import dev.loupe.explain.synthesis.Objective;
import dev.loupe.explain.synthesis.Optimizer;
import dev.loupe.explain.synthesis.Regularizer;
import dev.loupe.explain.synthesis.Start;
import dev.loupe.explain.synthesis.Synthesis;
import dev.loupe.nn.Softmax;
import dev.loupe.render.ImageConversion;
import dev.loupe.render.Mosaic;
import dev.loupe.render.Png;
import dev.loupe.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code loupe synthesize}: class model visualization (Simonyan et al., 2014) with the DeepVis priors, or the
 * maximization of any objective, drawn as a grid.
 */
@Command(name = "synthesize", aliases = "visualize-class", mixinStandardHelpOptions = true,
        description = "Synthesize the image each class (or an objective) likes best, by gradient ascent.")
final class SynthesizeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--objective", split = ",", paramLabel = "OBJ",
            description = "Objectives: class:C, logprob:C, neuron:LAYER:C[:Y:X], channel:LAYER:C or norm:LAYER "
                    + "(default: the logit of every class).")
    List<String> objectives;

    @Option(names = "--preset", defaultValue = "digits",
            description = "digits (jitter, blur, norm clipping, pixel range) or plain (Simonyan et al.: L2 only); "
                    + "default: ${DEFAULT-VALUE}.")
    String preset;

    @Option(names = "--steps", paramLabel = "N", description = "Ascent steps (default: 200).")
    Integer steps;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: 0.1).")
    Double learningRate;

    @Option(names = "--l2", paramLabel = "LAMBDA", description = "Weight of the squared L2 norm of the image.")
    Double l2;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--start", defaultValue = "mean",
            description = "mean (the zero image plus the training mean) or noise (default: ${DEFAULT-VALUE}).")
    String start;

    @Option(names = {"--out", "-o"}, required = true, paramLabel = "FILE.png", description = "The picture to write.")
    Path out;

    @Override
    public Integer call() {
        common.parallel();
        LoadedModel m = modelOptions.load(common.seed());
        List<Objective> goals = new ArrayList<>();
        if (objectives == null) {
            for (int c = 0; c < m.model().outputSize(); c++) {
                goals.add(new Objective.ClassLogit(c));
            }
        } else {
            objectives.forEach(o -> goals.add(Objective.parse(o)));
        }
        Mosaic.Builder grid = Mosaic.builder(Math.min(goals.size(), 10)).title("class models — " + m.source())
                .scale(Math.max(1, 112 / m.model().inputShape()[2]));
        PrintWriter w = spec.commandLine().getOut();
        ActivationMaximization ascent = new ActivationMaximization();
        for (Objective goal : goals) {
            Synthesis s = ascent.run(m.model(), config(goal, m));
            Tensor probabilities = Softmax.of(m.model().predict(s.image()));
            int predicted = probabilities.argmax(0);
            String caption = String.format(Locale.ROOT, "%s: %s p=%.2f", goal.describe(),
                    m.classNames().get(predicted), probabilities.data()[predicted]);
            w.println(caption);
            Tensor pixels = m.normalization().invert(s.image()).map(v -> Math.max(0, Math.min(1, v)));
            grid.add(ImageConversion.toImage(pixels), goal.describe());
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("loupe.method", "synthesis." + preset);
        meta.put("loupe.model", m.model().digest());
        Png.write(grid.build().render(), out, meta);
        w.println("wrote " + out);
        w.flush();
        return 0;
    }

    /** The preset with the user's overrides; the pixel range of the digits preset follows the model's normalization. */
    private AscentConfig config(Objective goal, LoadedModel m) {
        AscentConfig base = switch (preset) {
            case "digits" -> AscentConfig.digits(0);
            case "plain" -> AscentConfig.classModel(0);
            default -> throw new LoupeException("--preset must be digits or plain, got '" + preset + "'");
        };
        Optimizer opt = switch (optimizer) {
            case "adam" -> Optimizer.ADAM;
            case "sgd" -> Optimizer.SGD;
            default -> throw new LoupeException("--optimizer must be adam or sgd, got '" + optimizer + "'");
        };
        Start from = switch (start) {
            case "mean" -> Start.Constant.mean();
            case "noise" -> new Start.Noise(common.seed(), 0, 1);
            default -> throw new LoupeException("--start must be mean or noise, got '" + start + "'");
        };
        Tensor black = m.normalization().apply(Tensor.zeros(1, m.model().inputShape()[0], 1, 1));
        Tensor white = m.normalization().apply(Tensor.full(1f, 1, m.model().inputShape()[0], 1, 1));
        List<Regularizer> priors = new ArrayList<>();
        for (Regularizer r : base.regularizers()) {
            priors.add(r instanceof Regularizer.Range ? new Regularizer.Range(black.min(), white.max()) : r);
        }
        return base.withObjective(goal).withOptimizer(opt).withStart(from).withRegularizers(priors)
                .withSchedule(steps != null ? steps : base.steps(), learningRate != null ? learningRate
                        : base.learningRate(), l2 != null ? l2 : base.l2Weight());
    }
}
