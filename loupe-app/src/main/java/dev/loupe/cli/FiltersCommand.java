package dev.loupe.cli;

import dev.loupe.data.Dataset;
import dev.loupe.features.ActivationHealth;
import dev.loupe.features.FeatureFigures;
import dev.loupe.features.FeatureLayers;
import dev.loupe.features.FilterBank;
import dev.loupe.features.FilterSpectrum;
import dev.loupe.features.ProgressListener;
import dev.loupe.render.Png;
import dev.loupe.tensor.Parallel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loupe filters}: the first-layer filters, their frequency content and, with data, dead units and sparsity. */
@Command(name = "filters", mixinStandardHelpOptions = true,
        description = "Draw a convolution's filters, print each filter's low/mid/high frequency energy and, with "
                + "--health, the dead units and activation sparsity of every ReLU over a dataset.")
final class FiltersCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    FeatureData data;

    @Option(names = "--layer", paramLabel = "NAME", description = "The convolution (default: the first).")
    String layer;

    @Option(names = "--dft", defaultValue = "16", description = "DFT size for the spectra (default: ${DEFAULT-VALUE}).")
    int dft;

    @Option(names = "--health", description = "Also measure dead units and sparsity over the dataset.")
    boolean health;

    @Option(names = {"--out", "-o"}, paramLabel = "FILE.png", description = "Write the filter mosaic.")
    Path out;

    @Override
    public Integer call() {
        Parallel parallel = common.parallel();
        LoadedModel m = modelOptions.load(common.seed());
        String conv = layer == null ? FilterBank.firstConvolution(m.model()) : layer;
        PrintWriter w = spec.commandLine().getOut();
        List<FilterSpectrum> spectra = FilterBank.spectra(m.model(), conv, dft);
        w.printf("%s: %d filters; energy fractions by radial frequency (low < 1/3 Nyquist ≤ mid < 2/3 ≤ high)%n",
                conv, spectra.size());
        for (int i = 0; i < spectra.size(); i++) {
            FilterSpectrum s = spectra.get(i);
            w.printf("  filter %3d  low %.3f  mid %.3f  high %.3f%n", i, s.low(), s.mid(), s.high());
        }
        if (out != null) {
            Png.write(FeatureFigures.filters(conv, FilterBank.filters(m.model(), conv), 8, 8), out);
            w.println("wrote " + out);
        }
        if (health) {
            Dataset d = data.images();
            for (ActivationHealth.LayerHealth h : ActivationHealth.measure(m.model(), d, m.normalization()::apply,
                    FeatureLayers.activations(m.model()), 256, parallel, ProgressListener.NONE)) {
                w.printf("%s: %d units, sparsity %.3f, dead units %s%n", h.layer(), h.units(), h.sparsity(),
                        h.deadUnits());
            }
        }
        w.flush();
        return 0;
    }
}
