package dev.loupe.explain.synthesis;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;

/** Where the ascent starts, in the model's input units. */
public sealed interface Start {

    /** The starting image {@code [1, C, H, W]} for a model taking {@code [C, H, W]} images. */
    Tensor image(int[] inputShape);

    /** Gaussian noise N(0, std²) around {@code mean}, from a seed. */
    record Noise(long seed, double mean, double std) implements Start {
        public Noise {
            if (!(std >= 0)) {
                throw new LoupeException("start noise std must be non-negative, got " + std);
            }
        }

        @Override
        public Tensor image(int[] inputShape) {
            Tensor t = Tensor.randn(new Random(seed), (float) std, 1, inputShape[0], inputShape[1], inputShape[2]);
            return t.map(v -> v + mean);
        }
    }

    /**
     * A constant image: the zero image plus the training mean (Simonyan et al.). In normalized input units the
     * training mean is 0, which {@link #mean()} gives.
     */
    record Constant(double value) implements Start {
        /** The training mean in normalized units: the zero image. */
        public static Constant mean() {
            return new Constant(0);
        }

        @Override
        public Tensor image(int[] inputShape) {
            return Tensor.full((float) value, 1, inputShape[0], inputShape[1], inputShape[2]);
        }
    }

    /** A given image, such as a dataset digit, {@code [1, C, H, W]} or {@code [C, H, W]}. */
    record Image(Tensor image) implements Start {
        public Image {
            image = image.copy();
        }

        @Override
        public Tensor image(int[] inputShape) {
            if (image.size() != inputShape[0] * inputShape[1] * inputShape[2]) {
                throw new LoupeException("start image of shape " + image.shapeString() + " does not fit the model's "
                        + Arrays.toString(inputShape) + " input");
            }
            return image.copy().reshape(1, inputShape[0], inputShape[1], inputShape[2]);
        }
    }
}
