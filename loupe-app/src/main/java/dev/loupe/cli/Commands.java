package dev.loupe.cli;

import java.util.List;

/** Every sub-command of {@code loupe}, in the order {@code loupe --help} lists them. */
final class Commands {
    private Commands() {
    }

    static List<Object> all() {
        return List.of(
                new TrainCommand(),
                new EvalCommand(),
                new PredictCommand(),
                new ExplainCommand(),
                new OccludeCommand(),
                new SynthesizeCommand(),
                new LocalizeCommand(),
                new DreamCommand(),
                new DemoCommand(),
                new TopPatchesCommand(),
                new FiltersCommand(),
                new EvolutionCommand(),
                new InvarianceCommand(),
                new CorrespondenceCommand(),
                new TsneCommand(),
                new NeighboursCommand(),
                new ServeCommand(),
                new MethodsCommand(),
                new BenchCommand(),
                new ConformanceCommand(),
                new ReportCommand());
    }
}
