package dev.loupe.report;

import dev.loupe.data.Dataset;
import dev.loupe.tensor.Tensor;
import java.util.Locale;

/**
 * The sample images of a per-image figure: raw [0, 1] pixels, the same standardised for the model, labels and the
 * model's class probabilities.
 *
 * @param indices       indices into the test set
 * @param raw           {@code [N, C, H, W]} in [0, 1]
 * @param normalized    {@code raw} standardised for the model
 * @param labels        true classes
 * @param probabilities {@code [N, K]}
 */
public record Sample(int[] indices, Tensor raw, Tensor normalized, int[] labels, Tensor probabilities) {
    /** The first {@code count} sample images of the report. */
    public static Sample of(ReportContext context, int count) {
        int[] idx = context.samples(count);
        Dataset test = context.input().test();
        Tensor raw = test.batch(idx);
        return new Sample(idx, raw, context.normalize(raw), test.batchLabels(idx), context.probabilities(raw));
    }

    /** The one image {@code i} of this sample, as a sample of one. */
    public Sample select(int i) {
        return new Sample(new int[] {indices[i]}, raw.item(i), normalized.item(i), new int[] {labels[i]},
                probabilities.slice(i, i + 1));
    }

    /** Number of images. */
    public int size() {
        return indices.length;
    }

    /** The predicted class of image {@code i}. */
    public int predicted(int i) {
        return probabilities.argmax(i);
    }

    /** The predicted classes. */
    public int[] predicted() {
        int[] p = new int[size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = predicted(i);
        }
        return p;
    }

    /** The probability of the predicted class of image {@code i}. */
    public double confidence(int i) {
        int k = probabilities.dim(1);
        return probabilities.data()[i * k + predicted(i)];
    }

    /** A caption such as {@code 7: p=0.99}, naming the prediction and its probability. */
    public String caption(ReportContext context, int i) {
        return String.format(Locale.ROOT, "%s p=%.2f", context.className(predicted(i)), confidence(i));
    }

    /** A row label such as {@code test #12 (7)}, naming the image and its true class. */
    public String label(ReportContext context, int i) {
        return "#" + indices[i] + " " + context.className(labels[i]);
    }
}
