package dev.loupe.cli;

import dev.loupe.tensor.Parallel;
import picocli.CommandLine.Option;

/** Options every command takes: the thread count and the random seed. */
public final class CommonOptions {
    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the kernels (default: all cores).")
    Integer threads;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The parallelism the options ask for; also sets the process default so every kernel uses it. */
    public Parallel parallel() {
        if (threads != null) {
            if (threads < 1) {
                throw new dev.loupe.LoupeException("--threads must be at least 1, got " + threads);
            }
            Parallel.setDefaultThreads(threads);
        }
        return Parallel.defaults();
    }

    /** The seed. */
    public long seed() {
        return seed;
    }
}
