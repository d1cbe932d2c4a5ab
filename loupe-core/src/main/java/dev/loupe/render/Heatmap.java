package dev.loupe.render;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a 2-D explanation map into a colour image.
 *
 * <p>A map is accepted as one plane {@code [H, W]}, one image {@code [C, H, W]} or a batch {@code [N, C, H, W]}
 * (NCHW); an image's channels are folded into one plane by the style's {@link ChannelReduction}, or one channel is
 * picked with {@link #channel}. The plane's values are mapped onto the colormap by a {@link ValueRange} that
 * {@link #range} computes from the style's {@link RangeMode}; pass one range to {@link #colorize} for several
 * maps to show them on a shared scale.
 */
public final class Heatmap {
    private Heatmap() {
    }

    /** Image {@code image} of {@code map} (see the class comment for shapes) drawn in {@code style}: W × H pixels. */
    public static BufferedImage render(Tensor map, int image, HeatmapStyle style) {
        Tensor plane = plane(map, image, style.reduction());
        return colorize(plane, style.colormap(), range(plane, style));
    }

    /** The first (or only) image of {@code map} drawn in {@code style}. */
    public static BufferedImage render(Tensor map, HeatmapStyle style) {
        return render(map, 0, style);
    }

    /**
     * Image {@code image} of {@code map} folded over its channels into a new plane {@code [H, W]}.
     *
     * @throws LoupeException if the shape is not [H, W], [C, H, W] or [N, C, H, W], or the image is out of range
     */
    public static Tensor plane(Tensor map, int image, ChannelReduction reduction) {
        int[] s = nchw(map, image);
        int c = s[1];
        int hw = s[2] * s[3];
        float[] src = map.data();
        float[] out = new float[hw];
        int base = image * c * hw;
        for (int i = 0; i < hw; i++) {
            float acc = 0;
            for (int k = 0; k < c; k++) {
                float v = src[base + k * hw + i];
                acc = reduction == ChannelReduction.SUM ? acc + v : Math.max(acc, Math.abs(v));
            }
            out[i] = acc;
        }
        return Tensor.wrap(out, s[2], s[3]);
    }

    /** Channel {@code channel} of image {@code image} of {@code map}, copied as a plane {@code [H, W]}. */
    public static Tensor channel(Tensor map, int image, int channel) {
        int[] s = nchw(map, image);
        if (channel < 0 || channel >= s[1]) {
            throw new LoupeException("channel " + channel + " out of range for a map of shape " + map.shapeString());
        }
        int hw = s[2] * s[3];
        int from = (image * s[1] + channel) * hw;
        return Tensor.wrap(Arrays.copyOfRange(map.data(), from, from + hw), s[2], s[3]);
    }

    /** The map's shape as [N, C, H, W], after checking that {@code image} exists. */
    private static int[] nchw(Tensor map, int image) {
        int[] s = switch (map.rank()) {
            case 2 -> new int[] {1, 1, map.dim(0), map.dim(1)};
            case 3 -> new int[] {1, map.dim(0), map.dim(1), map.dim(2)};
            case 4 -> map.shape();
            default -> throw new LoupeException("a heatmap needs a map of shape [H, W], [C, H, W] or [N, C, H, W], got "
                    + map.shapeString());
        };
        if (image < 0 || image >= s[0]) {
            throw new LoupeException("image " + image + " out of range for a map of shape " + map.shapeString());
        }
        if (s[1] == 0 || s[2] == 0 || s[3] == 0) {
            throw new LoupeException("cannot draw an empty map of shape " + map.shapeString());
        }
        return s;
    }

    /**
     * The values that {@code style} paints with its colormap's ends, computed from all finite values of
     * {@code values} (any shape; pass several planes together for a shared scale).
     *
     * <ul>
     *   <li>{@link RangeMode#ABS_MAX} and {@link RangeMode#PERCENTILE} find a magnitude {@code m} and give
     *       {@code [-m, m]} for a diverging colormap, {@code [0, m]} for a sequential one; a map that is all zeros
     *       uses {@code m = 1}.</li>
     *   <li>{@link RangeMode#MIN_MAX} gives {@code [min, max]}; a constant map {@code v} gives
     *       {@code [v - 1, v + 1]} (diverging, so it shows the centre colour) or {@code [v, v + 1]}
     *       (sequential, the lowest colour).</li>
     * </ul>
     */
    public static ValueRange range(Tensor values, HeatmapStyle style) {
        boolean diverging = style.colormap().diverging();
        if (style.rangeMode() == RangeMode.MIN_MAX) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (float v : values.data()) {
                if (Float.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            if (lo > hi) {
                lo = 0;
                hi = 0;
            }
            if (hi > lo) {
                return new ValueRange(lo, hi);
            }
            return diverging ? new ValueRange(lo - 1, lo + 1) : new ValueRange(lo, lo + 1);
        }
        double m = style.rangeMode() == RangeMode.ABS_MAX
                ? absMax(values)
                : absPercentile(values, style.percentile());
        if (!(m > 0)) {
            m = 1;
        }
        return diverging ? ValueRange.symmetric(m) : new ValueRange(0, m);
    }

    /**
     * One range for several maps (any shapes), computed from all their values together, so that the maps can be
     * compared on one scale; see {@link #range(Tensor, HeatmapStyle)}.
     */
    public static ValueRange range(List<Tensor> maps, HeatmapStyle style) {
        if (maps.isEmpty()) {
            throw new LoupeException("a shared heatmap range needs at least one map");
        }
        int n = 0;
        for (Tensor t : maps) {
            n += t.size();
        }
        float[] all = new float[n];
        int off = 0;
        for (Tensor t : maps) {
            System.arraycopy(t.data(), 0, all, off, t.size());
            off += t.size();
        }
        return range(Tensor.wrap(all, n), style);
    }

    private static double absMax(Tensor values) {
        double m = 0;
        for (float v : values.data()) {
            if (Float.isFinite(v)) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    /**
     * The {@code p}-th percentile of the finite absolute values, interpolating linearly between the two nearest
     * order statistics (numpy's default "linear" method): rank {@code p / 100 * (n - 1)}.
     */
    static double absPercentile(Tensor values, double p) {
        float[] data = values.data();
        float[] abs = new float[data.length];
        int n = 0;
        for (float v : data) {
            if (Float.isFinite(v)) {
                abs[n++] = Math.abs(v);
            }
        }
        if (n == 0) {
            return 0;
        }
        Arrays.sort(abs, 0, n);
        double rank = p / 100 * (n - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(n - 1, below + 1);
        double w = rank - below;
        return abs[below] + w * ((double) abs[above] - abs[below]);
    }

    /**
     * A plane {@code [H, W]} painted with {@code colormap}, value {@code range.low()} at the map's first colour and
     * {@code range.high()} at its last; values outside saturate, NaN is mid grey. Returns a W × H
     * {@link BufferedImage#TYPE_INT_RGB} image.
     */
    public static BufferedImage colorize(Tensor plane, Colormap colormap, ValueRange range) {
        if (plane.rank() != 2) {
            throw new LoupeException("colorize needs a plane [H, W], got " + plane.shapeString());
        }
        int h = plane.dim(0);
        int w = plane.dim(1);
        float[] v = plane.data();
        int[] rgb = new int[h * w];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = colormap.rgb(range.position(v[i]));
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, rgb, 0, w);
        return img;
    }
}
