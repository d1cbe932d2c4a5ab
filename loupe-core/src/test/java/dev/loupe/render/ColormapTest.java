package dev.loupe.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.LoupeException;
import org.junit.jupiter.api.Test;

class ColormapTest {
    private static int r(int rgb) {
        return (rgb >> 16) & 0xFF;
    }

    private static int g(int rgb) {
        return (rgb >> 8) & 0xFF;
    }

    private static int b(int rgb) {
        return rgb & 0xFF;
    }

    private static double luma(int rgb) {
        return 0.299 * r(rgb) + 0.587 * g(rgb) + 0.114 * b(rgb);
    }

    @Test
    void bwrIsWhiteAtZeroBlueAndRedAtTheEnds() {
        assertThat(Colormap.BWR.rgb(0.5)).isEqualTo(0xFFFFFF);
        assertThat(Colormap.BWR.rgb(0)).isEqualTo(0x0000FF);
        assertThat(Colormap.BWR.rgb(1)).isEqualTo(0xFF0000);
        // Halfway to blue: (0.5, 0.5, 1) by linear interpolation.
        assertThat(Colormap.BWR.rgb(0.25)).isEqualTo(0x8080FF);
        assertThat(Colormap.BWR.diverging()).isTrue();
    }

    @Test
    void seismicIsWhiteAtTheCentreAndDarkAtTheEnds() {
        assertThat(Colormap.SEISMIC.rgb(0.5)).isEqualTo(0xFFFFFF);
        assertThat(Colormap.SEISMIC.rgb(0.25)).isEqualTo(0x0000FF);
        assertThat(Colormap.SEISMIC.rgb(0.75)).isEqualTo(0xFF0000);
        assertThat(Colormap.SEISMIC.rgb(0)).isEqualTo(0x00004D); // 0.3 * 255 = 76.5 -> 77
        assertThat(Colormap.SEISMIC.rgb(1)).isEqualTo(0x800000); // 0.5 * 255 = 127.5 -> 128
    }

    @Test
    void bwrMirrorsRedAndBlueAroundTheCentre() {
        // (seismic is not mirror-symmetric: matplotlib ends it at dark blue 0.3 and dark red 0.5.)
        for (Colormap c : new Colormap[] {Colormap.BWR}) {
            for (double t = 0; t <= 0.5; t += 1.0 / 64) {
                int lo = c.rgb(0.5 - t);
                int hi = c.rgb(0.5 + t);
                assertThat(r(lo)).as(c + " at ±" + t).isEqualTo(b(hi));
                assertThat(b(lo)).isEqualTo(r(hi));
                assertThat(g(lo)).isEqualTo(g(hi));
            }
        }
    }

    @Test
    void infernoIsDarkAtZeroAndBrightYellowAtOne() {
        int dark = Colormap.INFERNO.rgb(0);
        int bright = Colormap.INFERNO.rgb(1);
        assertThat(luma(dark)).isLessThan(5);
        assertThat(r(bright)).isGreaterThan(240);
        assertThat(g(bright)).isGreaterThan(240);
        assertThat(b(bright)).isLessThan(r(bright) - 60); // yellow: blue well below red and green
    }

    @Test
    void perceptuallyUniformMapsAndGrayGetBrighterMonotonically() {
        for (Colormap c : new Colormap[] {Colormap.INFERNO, Colormap.VIRIDIS, Colormap.GRAY}) {
            // Every 4th entry: rounding each channel to 8 bits jitters luma by up to half a level, less than the
            // rise over 4 entries (about 1.8 levels for inferno and viridis, 4 for gray).
            double previous = -1;
            for (int i = 0; i <= 255; i += 4) {
                double l = luma(c.rgb(i / 255.0));
                assertThat(l).as(c + " luma at " + i).isGreaterThanOrEqualTo(previous);
                previous = l;
            }
        }
    }

    @Test
    void grayIsExactAndMonotoneInEveryChannel() {
        for (int i = 0; i <= 255; i++) {
            int rgb = Colormap.GRAY.rgb(i / 255.0);
            assertThat(r(rgb)).isEqualTo(i);
            assertThat(g(rgb)).isEqualTo(i);
            assertThat(b(rgb)).isEqualTo(i);
        }
    }

    /**
     * Entries of matplotlib's 256-entry tables (lib/matplotlib/_cm_listed.py) that are not among the 33 control
     * points, including those at the tables' sharpest bends (196 and 244): the interpolation must stay within 2 levels.
     */
    @Test
    void infernoAndViridisMatchMatplotlibBetweenControlPoints() {
        int[] index = {4, 100, 132, 196, 244};
        double[][] inferno = {{0.006006, 0.004692, 0.038558}, {0.565854, 0.143567, 0.408258},
                {0.758422, 0.229097, 0.315266}, {0.982881, 0.586606, 0.024661}, {0.946903, 0.943348, 0.474970}};
        double[][] viridis = {{0.272594, 0.025563, 0.353093}, {0.166617, 0.463708, 0.558119},
                {0.123463, 0.581687, 0.547445}, {0.404001, 0.800275, 0.362552}, {0.886271, 0.892374, 0.095374}};
        for (int k = 0; k < index.length; k++) {
            assertNear(Colormap.INFERNO.rgb(index[k] / 255.0), inferno[k], "inferno[" + index[k] + "]");
            assertNear(Colormap.VIRIDIS.rgb(index[k] / 255.0), viridis[k], "viridis[" + index[k] + "]");
        }
    }

    private static void assertNear(int rgb, double[] expected, String what) {
        assertThat(r(rgb)).as(what + " red").isCloseTo((int) Math.round(expected[0] * 255), within(2));
        assertThat(g(rgb)).as(what + " green").isCloseTo((int) Math.round(expected[1] * 255), within(2));
        assertThat(b(rgb)).as(what + " blue").isCloseTo((int) Math.round(expected[2] * 255), within(2));
    }

    @Test
    void jetFollowsMatplotlibSegments() {
        // At 0.5: red (0.5-0.35)/0.31, green 1, blue 1-(0.5-0.34)/0.31; hand-computed from the segment table.
        int mid = Colormap.JET.rgb(0.5);
        assertThat(r(mid)).isEqualTo((int) Math.round(0.15 / 0.31 * 255));
        assertThat(g(mid)).isEqualTo(255);
        assertThat(b(mid)).isEqualTo((int) Math.round((1 - 0.16 / 0.31) * 255));
        assertThat(Colormap.JET.rgb(0)).isEqualTo(0x000080);
        assertThat(Colormap.JET.rgb(1)).isEqualTo(0x800000);
        assertThat(Colormap.JET.rgb(0.2)).isEqualTo(0x004DFF); // green (0.2-0.125)/0.25 = 0.3 -> 77
    }

    @Test
    void positionsOutsideTheUnitIntervalClampAndNanIsGrey() {
        assertThat(Colormap.VIRIDIS.rgb(-3)).isEqualTo(Colormap.VIRIDIS.rgb(0));
        assertThat(Colormap.VIRIDIS.rgb(7)).isEqualTo(Colormap.VIRIDIS.rgb(1));
        assertThat(Colormap.BWR.rgb(Double.NaN)).isEqualTo(0x808080);
    }

    @Test
    void tablesSampleEvenlyFromEndToEnd() {
        int[] t = Colormap.BWR.table(5);
        assertThat(t).containsExactly(0x0000FF, 0x8080FF, 0xFFFFFF, 0xFF8080, 0xFF0000);
        assertThatThrownBy(() -> Colormap.GRAY.table(1)).isInstanceOf(LoupeException.class);
    }

    @Test
    void looksUpEveryNameCaseInsensitively() {
        assertThat(Colormap.names()).containsExactly("bwr", "seismic", "inferno", "viridis", "gray", "jet");
        for (String name : Colormap.names()) {
            assertThat(Colormap.byName(name).name()).isEqualTo(name);
            assertThat(Colormap.byName(" " + name.toUpperCase() + " ").name()).isEqualTo(name);
        }
        assertThat(Colormap.byName("inferno")).isSameAs(Colormap.INFERNO);
    }

    @Test
    void unknownNameListsTheValidOnes() {
        assertThatThrownBy(() -> Colormap.byName("magma"))
                .isInstanceOf(LoupeException.class)
                .hasMessageContaining("magma")
                .hasMessageContaining("bwr, seismic, inferno, viridis, gray, jet");
    }
}
