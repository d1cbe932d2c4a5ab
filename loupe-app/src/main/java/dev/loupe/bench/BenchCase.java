package dev.loupe.bench;

/**
 * One figure of {@code loupe bench}: a named piece of work that processes {@code imagesPerRun} images per run.
 *
 * @param name         {@code <arch>/<what>/b<batch>}, e.g. {@code mnistnet/saliency/b32}
 * @param imagesPerRun images one run handles
 * @param run          the work; must not be optimised away (results are consumed by the runner)
 */
public record BenchCase(String name, int imagesPerRun, Work run) {
    /** The measured work; returns a value so the JIT cannot drop it. */
    @FunctionalInterface
    public interface Work {
        Object run() throws Exception;
    }
}
