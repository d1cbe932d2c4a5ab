package dev.loupe.report;

import dev.loupe.data.Dataset;
import dev.loupe.data.Normalization;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;
import dev.loupe.train.Trainer;
import dev.loupe.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small seeded world for report tests: ten classes of synthetic 28 × 28 strokes (class c is a bar at angle
 * 18°·c through a class-dependent offset, with noise), a seednet trained on them for two short epochs with snapshots,
 * and a report size that runs in seconds.
 */
public final class TinyReport {
    public static final List<String> CLASSES = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

    private TinyReport() {
    }

    public static Dataset strokes(int n, long seed, String name) {
        Random r = new Random(seed);
        float[] px = new float[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 10;
            labels[i] = c;
            double angle = Math.PI * c / 10 + r.nextGaussian() * 0.05;
            double cx = 14 + r.nextGaussian() * 1.5 + (c % 3 - 1) * 3, cy = 14 + r.nextGaussian() * 1.5;
            for (int t = -9; t <= 9; t++) {
                int x = (int) Math.round(cx + t * Math.cos(angle)), y = (int) Math.round(cy + t * Math.sin(angle));
                for (int dy = 0; dy < 2; dy++) {
                    if (x >= 0 && x < 28 && y + dy >= 0 && y + dy < 28) {
                        px[i * 784 + (y + dy) * 28 + x] = 1f;
                    }
                }
            }
            for (int p = 0; p < 784; p++) {
                px[i * 784 + p] = Math.min(1f, Math.max(0f, px[i * 784 + p] + (float) (r.nextGaussian() * 0.05)));
            }
        }
        return new Dataset(Tensor.wrap(px, n, 1, 28, 28), labels, CLASSES, name);
    }

    static ReportSize size() {
        return new ReportSize("tiny", 2, 2, 100, 100, 2, 4, 4, 2, 60, 60, 10, 2, 3, 100, 2);
    }

    static ReportInput input() {
        Dataset train = strokes(300, 1, "strokes/train");
        Dataset test = strokes(120, 2, "strokes/test");
        Normalization norm = Normalization.compute(train);
        Model initial = Architectures.create("seednet", 7);
        TrainingRecorder recorder = TrainingRecorder.atEpochs(1);
        Model trained = new Trainer(TrainingConfig.sgd(2, 32, 0.05, 0.9, 3, 2), List.of(recorder))
                .train(initial, norm.apply(train.images()), train.labels());
        return ReportInput.of(trained, CLASSES, norm, train, test).withHistory(recorder.history());
    }

    static List<String> sectionIds() {
        List<String> ids = new ArrayList<>();
        for (Section s : Sections.all()) {
            ids.add(s.id());
        }
        return ids;
    }
}
