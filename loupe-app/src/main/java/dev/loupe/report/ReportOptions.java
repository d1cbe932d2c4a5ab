package dev.loupe.report;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how to write a report.
 *
 * @param outDir  the report folder; created if missing, its {@code index.html} and {@code img/} replaced
 * @param size    how much work each section does
 * @param seed    seeds every random choice (sample order, noise, t-SNE, the short training run)
 * @param threads threads for the kernels, ≥ 1
 */
public record ReportOptions(Path outDir, ReportSize size, long seed, int threads) {
    public ReportOptions {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(size, "size");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }
}
