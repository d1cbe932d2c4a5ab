package dev.loupe.render;

import dev.loupe.LoupeException;
import java.awt.Color;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A map from a position {@code t} in [0, 1] to a colour, defined by piecewise-linear control points per channel.
 *
 * <p>Two families are provided:
 * <ul>
 *   <li><b>diverging</b> maps for signed relevance, centred at {@code t = 0.5} (value 0 after symmetric
 *       normalisation): {@code bwr} (blue, white, red) and {@code seismic} (dark blue, blue, white, red, dark red),
 *       with matplotlib's definitions;</li>
 *   <li><b>sequential</b> maps for magnitudes: {@code inferno} and {@code viridis} (van der Walt and Smith's
 *       perceptually uniform maps, matplotlib 1.5+), {@code gray}, and the legacy rainbow {@code jet} (matplotlib's
 *       segment definition; not perceptually uniform, kept because classic saliency figures use it).</li>
 * </ul>
 *
 * <p>inferno and viridis are approximated by linear interpolation between 33 entries (every 8th entry and the last)
 * of matplotlib's 256-entry tables. Linear interpolation errs most where a channel bends sharply; at those bends
 * (viridis blue near entry 244, inferno blue near 196, inferno red near 244) the deviation from the table is about
 * 1.7, 1.4 and 1.1 of 255 levels, so the approximation is within 2 levels (ColormapTest checks entries between
 * control points). The other maps are exact: their definitions are piecewise linear.
 *
 * <p>Instances are immutable and thread-safe. Look maps up by name with {@link #byName(String)}.
 */
public final class Colormap {
    /** Blue (t=0), white (t=0.5), red (t=1). Diverging. */
    public static final Colormap BWR = uniform("bwr", true,
            new double[] {0, 0.5, 1},
            new double[][] {{0, 0, 1}, {1, 1, 1}, {1, 0, 0}});

    /** Dark blue, blue, white (t=0.5), red, dark red. Diverging. */
    public static final Colormap SEISMIC = uniform("seismic", true,
            new double[] {0, 0.25, 0.5, 0.75, 1},
            new double[][] {{0, 0, 0.3}, {0, 0, 1}, {1, 1, 1}, {1, 0, 0}, {0.5, 0, 0}});

    /** Black through purple and orange to pale yellow. Sequential, perceptually uniform. */
    public static final Colormap INFERNO = tableSample("inferno", new double[][] {
            {0.001462, 0.000466, 0.013866}, {0.013995, 0.011225, 0.071862}, {0.042253, 0.028139, 0.141141},
            {0.081962, 0.043328, 0.215289}, {0.129285, 0.047293, 0.290788}, {0.183429, 0.040329, 0.354971},
            {0.238273, 0.036621, 0.396353}, {0.290763, 0.045644, 0.418637}, {0.341500, 0.062325, 0.429425},
            {0.391453, 0.080927, 0.433109}, {0.441207, 0.099338, 0.431594}, {0.491022, 0.117179, 0.425552},
            {0.540920, 0.134729, 0.415123}, {0.590734, 0.152563, 0.400290}, {0.640135, 0.171438, 0.381065},
            {0.688653, 0.192239, 0.357603}, {0.735683, 0.215906, 0.330245}, {0.780517, 0.243327, 0.299523},
            {0.822386, 0.275197, 0.266085}, {0.860533, 0.311892, 0.230606}, {0.894305, 0.353399, 0.193584},
            {0.923215, 0.399359, 0.155193}, {0.946965, 0.449191, 0.115272}, {0.965397, 0.502249, 0.073859},
            {0.978422, 0.557937, 0.034931}, {0.985952, 0.615750, 0.025592}, {0.987874, 0.675267, 0.065257},
            {0.984075, 0.736087, 0.129527}, {0.974638, 0.797692, 0.206332}, {0.960626, 0.859069, 0.298010},
            {0.947594, 0.917399, 0.410665}, {0.954529, 0.965896, 0.540361}, {0.988362, 0.998364, 0.644924}});

    /** Dark purple through blue and green to yellow. Sequential, perceptually uniform. */
    public static final Colormap VIRIDIS = tableSample("viridis", new double[][] {
            {0.267004, 0.004874, 0.329415}, {0.277018, 0.050344, 0.375715}, {0.282327, 0.094955, 0.417331},
            {0.282884, 0.135920, 0.453427}, {0.278826, 0.175490, 0.483397}, {0.270595, 0.214069, 0.507052},
            {0.258965, 0.251537, 0.524736}, {0.244972, 0.287675, 0.537260}, {0.229739, 0.322361, 0.545706},
            {0.214298, 0.355619, 0.551184}, {0.199430, 0.387607, 0.554642}, {0.185556, 0.418570, 0.556753},
            {0.172719, 0.448791, 0.557885}, {0.160665, 0.478540, 0.558115}, {0.149039, 0.508051, 0.557250},
            {0.137770, 0.537492, 0.554906}, {0.127568, 0.566949, 0.550556}, {0.120565, 0.596422, 0.543611},
            {0.120638, 0.625828, 0.533488}, {0.132268, 0.655014, 0.519661}, {0.157851, 0.683765, 0.501686},
            {0.196571, 0.711827, 0.479221}, {0.246070, 0.738910, 0.452024}, {0.304148, 0.764704, 0.419943},
            {0.369214, 0.788888, 0.382914}, {0.440137, 0.811138, 0.340967}, {0.515992, 0.831158, 0.294279},
            {0.595839, 0.848717, 0.243329}, {0.678489, 0.863742, 0.189503}, {0.762373, 0.876424, 0.137064},
            {0.845561, 0.887322, 0.099702}, {0.926106, 0.897330, 0.104071}, {0.993248, 0.906157, 0.143936}});

    /** Black to white. Sequential. */
    public static final Colormap GRAY = uniform("gray", false,
            new double[] {0, 1}, new double[][] {{0, 0, 0}, {1, 1, 1}});

    /** Dark blue, cyan, yellow, dark red: matplotlib's per-channel segments. Sequential. */
    public static final Colormap JET = new Colormap("jet", false,
            new Channel(new double[] {0, 0.35, 0.66, 0.89, 1}, new double[] {0, 0, 1, 1, 0.5}),
            new Channel(new double[] {0, 0.125, 0.375, 0.64, 0.91, 1}, new double[] {0, 0, 1, 1, 0, 0}),
            new Channel(new double[] {0, 0.11, 0.34, 0.65, 1}, new double[] {0.5, 1, 1, 0, 0}));

    private static final Map<String, Colormap> BY_NAME = new LinkedHashMap<>();

    static {
        for (Colormap c : List.of(BWR, SEISMIC, INFERNO, VIRIDIS, GRAY, JET)) {
            BY_NAME.put(c.name, c);
        }
    }

    private final String name;
    private final boolean diverging;
    private final Channel red;
    private final Channel green;
    private final Channel blue;

    private Colormap(String name, boolean diverging, Channel red, Channel green, Channel blue) {
        this.name = name;
        this.diverging = diverging;
        this.red = red;
        this.green = green;
        this.blue = blue;
    }

    /**
     * The map called {@code name} (case-insensitive).
     *
     * @throws LoupeException naming the valid maps when there is none by that name
     */
    public static Colormap byName(String name) {
        Colormap c = name == null ? null : BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
        if (c == null) {
            throw new LoupeException("unknown colormap '" + name + "'; valid names: " + String.join(", ", names()));
        }
        return c;
    }

    /** The names {@link #byName} accepts, in a fixed order. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The map's name, as accepted by {@link #byName}. */
    public String name() {
        return name;
    }

    /** True for maps meant for signed data, whose centre {@code t = 0.5} stands for zero. */
    public boolean diverging() {
        return diverging;
    }

    /**
     * The colour at {@code t}, packed as {@code 0xRRGGBB}. {@code t} is clamped to [0, 1]; NaN gives mid grey
     * {@code 0x808080}, which no map here uses for a meaningful value except gray's own centre.
     */
    public int rgb(double t) {
        if (Double.isNaN(t)) {
            return 0x808080;
        }
        double u = Math.min(1, Math.max(0, t));
        return (level(red.at(u)) << 16) | (level(green.at(u)) << 8) | level(blue.at(u));
    }

    /**
     * The map sampled at {@code n >= 2} evenly spaced positions {@code i / (n - 1)}, packed as {@code 0xRRGGBB}: a
     * lookup table for clients that colour maps themselves (the web explorer's canvas).
     */
    public int[] table(int n) {
        if (n < 2) {
            throw new LoupeException("a colormap table needs at least 2 entries, got " + n);
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = rgb((double) i / (n - 1));
        }
        return out;
    }

    /** The colour at {@code t} as an AWT colour; see {@link #rgb(double)}. */
    public Color color(double t) {
        return new Color(rgb(t));
    }

    private static int level(double v) {
        return (int) Math.round(Math.min(1, Math.max(0, v)) * 255);
    }

    @Override
    public String toString() {
        return name;
    }

    private static Colormap uniform(String name, boolean diverging, double[] positions, double[][] rgb) {
        double[][] byChannel = new double[3][rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            for (int c = 0; c < 3; c++) {
                byChannel[c][i] = rgb[i][c];
            }
        }
        return new Colormap(name, diverging, new Channel(positions, byChannel[0]),
                new Channel(positions, byChannel[1]), new Channel(positions, byChannel[2]));
    }

    /**
     * A map from matplotlib table entries 0, 8, 16, ..., 248 and 255; entry {@code i} sits at {@code t = i / 255}.
     */
    private static Colormap tableSample(String name, double[][] rgb) {
        double[] positions = new double[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            positions[i] = Math.min(255, i * 8) / 255.0;
        }
        return uniform(name, false, positions, rgb);
    }

    /** One channel: a piecewise-linear function through (x[i], y[i]), x increasing from 0 to 1. */
    private record Channel(double[] x, double[] y) {
        Channel {
            if (x.length != y.length || x.length < 2 || x[0] != 0 || x[x.length - 1] != 1) {
                throw new IllegalArgumentException("bad control points " + Arrays.toString(x));
            }
            for (int i = 1; i < x.length; i++) {
                if (!(x[i] > x[i - 1])) {
                    throw new IllegalArgumentException("control points not increasing: " + Arrays.toString(x));
                }
            }
        }

        double at(double t) {
            int hi = 1;
            while (hi < x.length - 1 && x[hi] < t) {
                hi++;
            }
            double w = (t - x[hi - 1]) / (x[hi] - x[hi - 1]);
            return y[hi - 1] + w * (y[hi] - y[hi - 1]);
        }
    }
}
