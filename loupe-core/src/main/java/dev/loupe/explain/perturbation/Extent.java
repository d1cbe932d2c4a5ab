package dev.loupe.explain.perturbation;

import dev.loupe.LoupeException;

/**
 * A size or step along the three image axes (channel, row, column), as Captum's {@code sliding_window_shapes} and
 * {@code strides}. A channel value of {@link #ALL_CHANNELS} means "every channel of the image".
 *
 * @param channels channels, or {@link #ALL_CHANNELS}
 * @param rows     rows (≥ 1)
 * @param cols     columns (≥ 1)
 */
public record Extent(int channels, int rows, int cols) {
    /** Stands for the image's channel count. */
    public static final int ALL_CHANNELS = 0;

    public Extent {
        if (channels < 0 || rows < 1 || cols < 1) {
            throw new LoupeException("occlusion window and stride must be positive in every dimension, got "
                    + "(" + channels + ", " + rows + ", " + cols + ")");
        }
    }

    /** A square extent over all channels. */
    public static Extent square(int size) {
        return new Extent(ALL_CHANNELS, size, size);
    }

    /** The channel count for an image of {@code imageChannels} channels. */
    public int channelsFor(int imageChannels) {
        return channels == ALL_CHANNELS ? imageChannels : channels;
    }

    @Override
    public String toString() {
        return (channels == ALL_CHANNELS ? "all" : Integer.toString(channels)) + "x" + rows + "x" + cols;
    }
}
