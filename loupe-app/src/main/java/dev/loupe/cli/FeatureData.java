package dev.loupe.cli;

import dev.loupe.data.Dataset;
import dev.loupe.data.Split;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The images a feature command studies: {@code --split} and {@code --range} of a located dataset. */
public final class FeatureData {
    @Mixin
    DataOptions data;

    @Option(names = "--split", defaultValue = "test", description = "train or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--range", paramLabel = "FROM:TO", description = "Only these images of the split.")
    String range;

    /** The chosen images, pixels in [0, 1]. */
    public Dataset images() {
        Dataset d = data.locate(Split.parse(split)).dataset();
        return range == null ? d : IndexRange.parse(range).of(d);
    }
}
