package dev.loupe.data;

import dev.loupe.tensor.Tensor;
import java.util.Arrays;

/**
 * Per-channel standardization of NCHW images: {@code (x - mean[c]) / std[c]}.
 *
 * <p>The statistics are over every pixel of a channel across the whole dataset, with the population standard
 * deviation, which is how the customary MNIST constants 0.1307 and 0.3081 were obtained.
 */
public record Normalization(double[] mean, double[] std) {
    /** MNIST training set: mean 0.1307, standard deviation 0.3081 (the constants used throughout the literature). */
    public static final Normalization MNIST = of(0.1307, 0.3081);

    /**
     * Fashion-MNIST training set (60,000 images): computed once with {@link #compute(Dataset)} on Debian's
     * {@code dataset-fashion-mnist} files read by {@link Idx} (pixels / 255), which gave mean 0.2860406 and std
     * 0.3530242, rounded here to 5 decimals. {@code RealDataTest} recomputes it when those files are installed.
     */
    public static final Normalization FASHION_MNIST = of(0.28604, 0.35302);

    /**
     * @param mean per-channel means; copied
     * @param std  per-channel standard deviations, each positive and finite; copied
     */
    public Normalization {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("need one mean and one std per channel, got " + mean.length
                    + " means and " + std.length + " stds");
        }
        for (int c = 0; c < mean.length; c++) {
            if (!Double.isFinite(mean[c]) || !(std[c] > 0) || !Double.isFinite(std[c])) {
                throw new IllegalArgumentException("channel " + c + ": mean " + mean[c] + " must be finite and std "
                        + std[c] + " positive and finite");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** A single-channel normalization. */
    public static Normalization of(double mean, double std) {
        return new Normalization(new double[] {mean}, new double[] {std});
    }

    /**
     * Computes the per-channel mean and population standard deviation of a dataset's images in one pass.
     *
     * <p>Each image contributes its own channel mean and sum of squared deviations (computed in double), and these
     * are merged with Chan, Golub and LeVeque's pairwise update ("Updating formulae and a pairwise algorithm for
     * computing sample variances", 1979), which avoids the cancellation of the naive {@code E[x^2] - E[x]^2}.
     *
     * @throws IllegalArgumentException for an empty dataset or a constant channel (std 0)
     */
    public static Normalization compute(Dataset dataset) {
        if (dataset.size() == 0) {
            throw new IllegalArgumentException(dataset.name() + ": cannot compute statistics of an empty dataset");
        }
        int channels = dataset.channels();
        int plane = dataset.height() * dataset.width();
        float[] x = dataset.images().data();
        double[] mean = new double[channels];
        double[] m2 = new double[channels];
        for (int c = 0; c < channels; c++) {
            long count = 0;
            for (int n = 0; n < dataset.size(); n++) {
                int base = (n * channels + c) * plane;
                double s = 0;
                for (int i = 0; i < plane; i++) {
                    s += x[base + i];
                }
                double imageMean = s / plane;
                double imageM2 = 0;
                for (int i = 0; i < plane; i++) {
                    double d = x[base + i] - imageMean;
                    imageM2 += d * d;
                }
                long merged = count + plane;
                double delta = imageMean - mean[c];
                mean[c] += delta * plane / merged;
                m2[c] += imageM2 + delta * delta * ((double) count * plane / merged);
                count = merged;
            }
            m2[c] = Math.sqrt(m2[c] / count);
        }
        for (int c = 0; c < channels; c++) {
            if (!(m2[c] > 0)) {
                throw new IllegalArgumentException(dataset.name() + ": channel " + c + " is constant; std is 0");
            }
        }
        return new Normalization(mean, m2);
    }

    /** Number of channels. */
    public int channels() {
        return mean.length;
    }

    /** Per-channel means; a copy. */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** Per-channel standard deviations; a copy. */
    @Override
    public double[] std() {
        return std.clone();
    }

    /** A new [N, C, H, W] tensor {@code (x - mean[c]) / std[c]}; {@code x} is not modified. */
    public Tensor apply(Tensor x) {
        return transform(x, false);
    }

    /** A new [N, C, H, W] tensor {@code y * std[c] + mean[c]}, the inverse of {@link #apply}. */
    public Tensor invert(Tensor y) {
        return transform(y, true);
    }

    private Tensor transform(Tensor x, boolean inverse) {
        if (x.rank() != 4 || x.dim(1) != mean.length) {
            throw new IllegalArgumentException("normalization of " + mean.length + " channel(s) needs [N, "
                    + mean.length + ", H, W], got " + x.shapeString());
        }
        int n = x.dim(0);
        int channels = mean.length;
        int plane = x.dim(2) * x.dim(3);
        float[] src = x.data();
        float[] out = new float[src.length];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                float scale = (float) (inverse ? std[c] : 1 / std[c]);
                float shift = (float) (inverse ? mean[c] : -mean[c] / std[c]);
                int base = (i * channels + c) * plane;
                for (int k = base; k < base + plane; k++) {
                    out[k] = src[k] * scale + shift;
                }
            }
        }
        return Tensor.wrap(out, x.shape());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization other && Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
