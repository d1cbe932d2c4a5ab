package dev.loupe.render;

import java.util.Objects;

/**
 * How a heatmap is drawn: colormap, normalisation, percentile and channel reduction.
 *
 * @param colormap      the colours
 * @param rangeMode     how values are mapped onto the colormap (the normalisation)
 * @param percentile    the percentile of absolute values that saturates, in (0, 100]; used by
 *                      {@link RangeMode#PERCENTILE} only
 * @param reduction     how an NCHW map's channels become one plane
 */
public record HeatmapStyle(Colormap colormap, RangeMode rangeMode, double percentile,
                           ChannelReduction reduction) {
    public HeatmapStyle {
        Objects.requireNonNull(colormap, "colormap");
        Objects.requireNonNull(rangeMode, "rangeMode");
        Objects.requireNonNull(reduction, "reduction");
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
        }
    }

    /** Signed relevance (LRP, gradient × input): bwr, symmetric absolute max, channels summed. */
    public static HeatmapStyle signed() {
        return new HeatmapStyle(Colormap.BWR, RangeMode.ABS_MAX, 100, ChannelReduction.SUM);
    }

    /** Magnitudes (saliency): inferno, absolute max, largest absolute value over channels. */
    public static HeatmapStyle magnitude() {
        return new HeatmapStyle(Colormap.INFERNO, RangeMode.ABS_MAX, 100, ChannelReduction.MAX_ABS);
    }

    /** This style with another colormap. */
    public HeatmapStyle withColormap(Colormap c) {
        return new HeatmapStyle(c, rangeMode, percentile, reduction);
    }

    /** This style with another normalisation. */
    public HeatmapStyle withRangeMode(RangeMode m) {
        return new HeatmapStyle(colormap, m, percentile, reduction);
    }

    /** This style clipped at the {@code p}-th percentile of absolute values ({@link RangeMode#PERCENTILE}). */
    public HeatmapStyle withPercentile(double p) {
        return new HeatmapStyle(colormap, RangeMode.PERCENTILE, p, reduction);
    }

    /** This style with another channel reduction. */
    public HeatmapStyle withReduction(ChannelReduction r) {
        return new HeatmapStyle(colormap, rangeMode, percentile, r);
    }
}
