package dev.loupe.bench;

/**
 * One measured figure.
 *
 * @param name          the case name
 * @param imagesPerSecond throughput
 */
public record BenchResult(String name, double imagesPerSecond) {
}
