package dev.loupe.render;

/**
 * How a heatmap is normalised: which data values are mapped onto a colormap's [0, 1] axis; see
 * {@link Heatmap#range}. (Not to be confused with {@link dev.loupe.data.Normalization}, the input standardisation.)
 *
 * <p>For a diverging colormap the two symmetric modes map {@code [-m, m]} so that zero lands on the map's centre
 * (white for bwr); for a sequential colormap they map {@code [0, m]}, so negative values take the lowest colour
 * (reduce with {@link ChannelReduction#MAX_ABS} or take absolute values first to show magnitudes).
 */
public enum RangeMode {
    /** {@code m} is the largest absolute value. */
    ABS_MAX,
    /**
     * {@code m} is the given percentile of the absolute values (linear interpolation between order statistics, as
     * numpy's default); larger magnitudes saturate. Robust to the few extreme pixels that LRP and gradients produce.
     */
    PERCENTILE,
    /** The map's own minimum and maximum go to the colormap's ends; zero is not kept at the centre. */
    MIN_MAX
}
