package dev.loupe.render;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;
import java.util.Arrays;

/**
 * Undoes the per-channel input standardisation {@code x' = (x - mean) / std} that a model was trained with, so that
 * its input can be shown as a picture with values in [0, 1]: {@code x = x' std + mean}.
 *
 * <p>One mean and std may be given for all channels, or one per channel.
 *
 * @param mean per-channel means (length 1 or C)
 * @param std  per-channel standard deviations, positive (same length as {@code mean})
 */
public record Denormalization(double[] mean, double[] std) {
    /** The identity: the input is already in [0, 1]. */
    public static final Denormalization NONE = new Denormalization(new double[] {0}, new double[] {1});
    /** The MNIST statistics used by the PyTorch MNIST example: mean 0.1307, std 0.3081. */
    public static final Denormalization MNIST = new Denormalization(new double[] {0.1307}, new double[] {0.3081});
    /** The ImageNet RGB statistics used by torchvision's pretrained models. */
    public static final Denormalization IMAGENET = new Denormalization(
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});

    public Denormalization {
        mean = mean.clone();
        std = std.clone();
        if (mean.length == 0 || mean.length != std.length) {
            throw new LoupeException("denormalisation needs as many means as stds (at least one), got "
                    + mean.length + " and " + std.length);
        }
        for (double s : std) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new LoupeException("denormalisation std must be positive, got " + Arrays.toString(std));
            }
        }
    }

    /** One mean and std for every channel. */
    public static Denormalization of(double mean, double std) {
        return new Denormalization(new double[] {mean}, new double[] {std});
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** A new tensor {@code [C, H, W]}: {@code image} (shape {@code [C, H, W]}) with the standardisation undone. */
    public Tensor apply(Tensor image) {
        if (image.rank() != 3) {
            throw new LoupeException("denormalisation needs an image [C, H, W], got " + image.shapeString());
        }
        int c = image.dim(0);
        if (mean.length != 1 && mean.length != c) {
            throw new LoupeException("denormalisation has " + mean.length + " channel statistics but the image has "
                    + c + " channels");
        }
        int hw = image.dim(1) * image.dim(2);
        float[] src = image.data();
        float[] out = new float[src.length];
        for (int k = 0; k < c; k++) {
            double m = mean[mean.length == 1 ? 0 : k];
            double s = std[std.length == 1 ? 0 : k];
            for (int i = k * hw; i < (k + 1) * hw; i++) {
                out[i] = (float) (src[i] * s + m);
            }
        }
        return Tensor.wrap(out, image.shape());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Denormalization d && Arrays.equals(mean, d.mean) && Arrays.equals(std, d.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Denormalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
