package dev.loupe.features;

import dev.loupe.LoupeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The three curves of Zeiler &amp; Fergus's Fig. 5 for one transformation, one line per image: the normalised
 * distance between the features of the original and the transformed image at the first layer and at the top feature
 * layer, and the probability of the true class. Rows are images, columns are the sweep's values.
 *
 * <p>The normalised distance is {@code ‖f(x) − f(T x)‖₂ / ‖f(x)‖₂}, the Euclidean distance divided by the norm of
 * the original image's feature vector, so that layers of different sizes and scales can share one axis (NaN when
 * the original features are all zero).
 *
 * @param sweep         the transformation and its values
 * @param images        dataset indices of the images, one per row
 * @param labels        their true classes
 * @param firstLayer    the first layer's name
 * @param topLayer      the top feature layer's name
 * @param firstDistance {@code [images][values]} normalised distance at the first layer
 * @param topDistance   {@code [images][values]} normalised distance at the top feature layer
 * @param probability   {@code [images][values]} softmax probability of the true class
 */
public record InvarianceCurves(InvarianceSweep sweep, int[] images, int[] labels, String firstLayer, String topLayer,
                               double[][] firstDistance, double[][] topDistance, double[][] probability) {
    public InvarianceCurves {
        int n = images.length, v = sweep.values().length;
        if (labels.length != n || firstDistance.length != n || topDistance.length != n || probability.length != n) {
            throw new IllegalArgumentException("need one label and one row per curve for each of " + n + " images");
        }
        for (int i = 0; i < n; i++) {
            if (firstDistance[i].length != v || topDistance[i].length != v || probability[i].length != v) {
                throw new IllegalArgumentException("row " + i + " needs " + v + " values, one per sweep value");
            }
        }
    }


    /** The mean over images of one curve at sweep value {@code v} (NaN entries skipped). */
    public static double mean(double[][] curve, int v) {
        double s = 0;
        int n = 0;
        for (double[] row : curve) {
            if (!Double.isNaN(row[v])) {
                s += row[v];
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /**
     * Writes one CSV row per image and value: {@code transformation,value,image,label,distance_<first>,
     * distance_<top>,probability}.
     */
    public void writeCsv(Writer out) throws IOException {
        out.write("transformation,value,image,label,distance_" + firstLayer + ",distance_" + topLayer
                + ",probability\n");
        double[] values = sweep.values();
        for (int i = 0; i < images.length; i++) {
            for (int v = 0; v < values.length; v++) {
                out.write(String.format(Locale.ROOT, "%s,%s,%d,%d,%.6g,%.6g,%.6g%n", sweep.transformation().id(),
                        values[v], images[i], labels[i], firstDistance[i][v], topDistance[i][v], probability[i][v]));
            }
        }
    }

    /** Writes the CSV to a file. */
    public void writeCsv(Path file) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeCsv(w);
        } catch (IOException e) {
            throw new LoupeException(file + ": cannot write the invariance CSV (" + e.getMessage() + ")", e);
        } catch (UncheckedIOException e) {
            throw new LoupeException(file + ": cannot write the invariance CSV", e);
        }
    }
}
