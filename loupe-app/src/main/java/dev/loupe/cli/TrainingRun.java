package dev.loupe.cli;

import dev.loupe.data.Dataset;
import dev.loupe.data.DatasetLocator;
import dev.loupe.data.Normalization;
import dev.loupe.io.ModelFile;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import dev.loupe.train.Evaluation;
import dev.loupe.train.Trainer;
import dev.loupe.train.TrainingConfig;
import dev.loupe.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a built-in architecture on a located dataset, evaluates it and saves it with its provenance: the work
 * behind {@code loupe train} and {@code loupe demo}.
 */
final class TrainingRun {
    private TrainingRun() {
    }

    /**
     * The outcome.
     *
     * @param model      the trained model with class names and normalization
     * @param evaluation accuracy and confusion matrix on the test data
     */
    record Outcome(LoadedModel model, Evaluation evaluation) {
    }

    /**
     * Trains {@code arch} on {@code train}, evaluates on {@code test} and, when {@code out} is not null, saves the
     * model atomically (a crash or Ctrl-C leaves any previous file intact). {@code listeners} also watch the run
     * (for example to take snapshots for the report's feature evolution).
     */
    static Outcome run(String arch, DatasetLocator.Located train, Dataset test, TrainingConfig config,
                       List<TrainingListener> listeners, Path out) {
        Normalization norm = DataOptions.normalizationFor(train);
        Dataset data = train.dataset();
        Dataset normalised = new Dataset(norm.apply(data.images()), data.labels(), data.classNames(), data.name());
        int[] shape = {data.channels(), data.height(), data.width()};
        Model initial = Architectures.create(arch, shape, data.classCount(), config.seed());
        List<TrainingListener> all = new ArrayList<>(listeners);
        ProgressBars.TrainingBar bar = ProgressBars.training();
        all.add(bar);
        long start = System.nanoTime();
        Model trained;
        try {
            trained = new Trainer(config, all).train(initial, normalised);
        } finally {
            bar.close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Dataset testNorm = new Dataset(norm.apply(test.images()), test.labels(), test.classNames(), test.name());
        Evaluation evaluation = Evaluation.of(trained, testNorm, 256, config.parallel());
        Map<String, String> provenance = new LinkedHashMap<>(config.provenance());
        provenance.put("dataset", data.name() + " (" + data.size() + " images)");
        provenance.put("test", test.name() + " (" + test.size() + " images)");
        provenance.put("accuracy", String.format("%.4f", evaluation.accuracy()));
        provenance.put("training_seconds", String.format("%.1f", seconds));
        provenance.putAll(LoadedModel.provenanceOf(norm));
        if (out != null) {
            ModelFile.save(out, trained, provenance, data.classNames());
        }
        LoadedModel loaded = new LoadedModel(trained, data.classNames(), norm, provenance,
                out == null ? arch + " (trained)" : out.toString());
        return new Outcome(loaded, evaluation);
    }

    /** Images {@code [from, to)} of a dataset, with a clear error when the range does not fit. */
    static Dataset range(Dataset d, Integer from, Integer to) {
        int a = from == null ? 0 : from, b = to == null ? d.size() : to;
        if (a < 0 || b > d.size() || a >= b) {
            throw new dev.loupe.LoupeException("range " + a + ".." + b + " does not fit " + d.name() + ", which has "
                    + d.size() + " images");
        }
        return a == 0 && b == d.size() ? d : d.subset(a, b);
    }
}
