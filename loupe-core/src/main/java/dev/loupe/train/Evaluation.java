package dev.loupe.train;

import dev.loupe.LoupeException;
import dev.loupe.data.Dataset;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How well a classifier does on labelled images: the confusion matrix {@code counts[true][predicted]} and the
 * accuracy derived from it. The prediction is the first largest logit, as {@code argmax} in PyTorch.
 */
public final class Evaluation {
    private final int[][] counts;
    private final List<String> classNames;

    /**
     * An evaluation from a confusion matrix (copied).
     *
     * @param counts     a square matrix of non-negative counts, {@code [true class][predicted class]}
     * @param classNames one name per class
     */
    public Evaluation(int[][] counts, List<String> classNames) {
        int k = counts.length;
        if (classNames.size() != k) {
            throw new IllegalArgumentException(k + " classes but " + classNames.size() + " class names");
        }
        this.counts = new int[k][];
        for (int i = 0; i < k; i++) {
            if (counts[i].length != k) {
                throw new IllegalArgumentException("confusion matrix must be square, row " + i + " has "
                        + counts[i].length + " columns for " + k + " classes");
            }
            for (int c : counts[i]) {
                if (c < 0) {
                    throw new IllegalArgumentException("negative count in confusion matrix");
                }
            }
            this.counts[i] = counts[i].clone();
        }
        this.classNames = List.copyOf(classNames);
    }

    /**
     * Runs {@code model} in inference mode on {@code images [N, C, H, W]} in batches of {@code batchSize} and
     * compares with {@code labels [N]}.
     *
     * @param classNames one name per model output, or null or empty for the class numbers
     * @throws LoupeException when the labels do not fit the images or the model's classes
     */
    public static Evaluation of(Model model, Tensor images, int[] labels, List<String> classNames, int batchSize,
                                Parallel parallel) {
        int n = images.dim(0), k = model.outputSize();
        if (labels.length != n) {
            throw new LoupeException("there are " + n + " images but " + labels.length + " labels");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        List<String> names = classNames == null || classNames.isEmpty() ? numbers(k) : classNames;
        if (names.size() != k) {
            throw new LoupeException("the model has " + k + " classes but " + names.size() + " class names were given");
        }
        int[][] counts = new int[k][k];
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            Tensor logits = model.forward(images.slice(from, to), ForwardOptions.prediction(parallel)).output();
            Tensor rows = logits.reshape(to - from, -1);
            for (int i = from; i < to; i++) {
                if (labels[i] < 0 || labels[i] >= k) {
                    throw new LoupeException("label " + labels[i] + " of image " + i + " is outside the " + k
                            + " classes of the model");
                }
                counts[labels[i]][rows.argmax(i - from)]++;
            }
        }
        return new Evaluation(counts, names);
    }

    /** Evaluates on a dataset's images as they are, naming the classes after the dataset's. */
    public static Evaluation of(Model model, Dataset data, int batchSize, Parallel parallel) {
        return of(model, data.images(), data.labels(), data.classNames(), batchSize, parallel);
    }

    private static List<String> numbers(int k) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    /** Number of classes. */
    public int classes() {
        return counts.length;
    }

    /** The class names. */
    public List<String> classNames() {
        return classNames;
    }

    /** How many images of class {@code truth} were predicted as {@code predicted}. */
    public int count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    /** A copy of the confusion matrix {@code [true][predicted]}. */
    public int[][] confusion() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** Number of images evaluated. */
    public int total() {
        int t = 0;
        for (int[] row : counts) {
            for (int c : row) {
                t += c;
            }
        }
        return t;
    }

    /** Number of correctly classified images (the diagonal). */
    public int correct() {
        int t = 0;
        for (int i = 0; i < counts.length; i++) {
            t += counts[i][i];
        }
        return t;
    }

    /** Fraction correct, or 0 when nothing was evaluated. */
    public double accuracy() {
        int t = total();
        return t == 0 ? 0 : (double) correct() / t;
    }

    /** Fraction of class {@code truth}'s images that were classified correctly (recall), or 0 for no images. */
    public double recall(int truth) {
        int t = 0;
        for (int c : counts[truth]) {
            t += c;
        }
        return t == 0 ? 0 : (double) counts[truth][truth] / t;
    }

    /**
     * An {@code accuracy: 0.9123 (1825/2000)} line, then the confusion matrix: one row per true class labelled with
     * its name and its recall, one column per predicted class headed by its number, with a legend when names
     * differ from numbers.
     */
    public String format() {
        int k = counts.length;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "accuracy: %.4f (%d/%d)%n", accuracy(),
                correct(), total()));
        int nameWidth = "true \\ predicted".length();
        for (String name : classNames) {
            nameWidth = Math.max(nameWidth, name.length());
        }
        int cell = Math.max(String.valueOf(k - 1).length(), 1);
        for (int[] row : counts) {
            for (int c : row) {
                cell = Math.max(cell, String.valueOf(c).length());
            }
        }
        cell += 2;
        b.append(pad("true \\ predicted", nameWidth));
        for (int j = 0; j < k; j++) {
            b.append(String.format(Locale.ROOT, "%" + cell + "d", j));
        }
        b.append("   recall\n");
        for (int i = 0; i < k; i++) {
            b.append(pad(classNames.get(i), nameWidth));
            for (int j = 0; j < k; j++) {
                b.append(String.format(Locale.ROOT, "%" + cell + "d", counts[i][j]));
            }
            b.append(String.format(Locale.ROOT, "   %.4f%n", recall(i)));
        }
        if (!classNames.equals(numbers(k))) {
            b.append("columns: ");
            for (int j = 0; j < k; j++) {
                b.append(j == 0 ? "" : ", ").append(j).append('=').append(classNames.get(j));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String pad(String s, int width) {
        return String.format(Locale.ROOT, "%-" + width + "s", s);
    }

    @Override
    public String toString() {
        return format();
    }
}
