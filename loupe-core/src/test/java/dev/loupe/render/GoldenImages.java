package dev.loupe.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Compares rendered figures with golden PNGs in {@code loupe-core/src/test/resources/golden/}.
 *
 * <p>To regenerate after an intended change, run the golden tests with the system property
 * {@code loupe.updateGolden=true} from the worktree root:
 * <pre>
 * ./mvnw -o -q -B -pl loupe-core test -Dtest='*GoldenTest' -Dloupe.updateGolden=true
 * </pre>
 * then look at the new PNGs and commit them. Without the property a missing golden file fails the test.
 *
 * <p>Tolerance: a pixel "differs" when any RGB channel is off by more than {@code levels}; a test passes when at most
 * {@code maxDifferingFraction} of the pixels differ. Pure colour (colormap strips) is compared with no differing
 * pixels allowed; figures with text allow a small fraction, because glyph rasterisation depends on the fonts a machine
 * maps {@code SansSerif} to, while any layout shift moves whole tiles and fails at once. The goldens were made on
 * Debian (OpenJDK 17, SansSerif = DejaVu Sans); a machine with other fonts lays text out differently and needs its own.
 */
final class GoldenImages {
    static final Path DIR = Paths.get("src", "test", "resources", "golden");

    private GoldenImages() {
    }

    static void assertMatches(BufferedImage actual, String name, int levels, double maxDifferingFraction)
            throws Exception {
        Path file = DIR.resolve(name + ".png");
        if (Boolean.getBoolean("loupe.updateGolden")) {
            Png.write(actual, file);
            return;
        }
        if (!Files.exists(file)) {
            fail("no golden image " + file.toAbsolutePath() + "; generate it with -Dloupe.updateGolden=true");
        }
        BufferedImage expected = Png.read(file);
        String sizeHint = "size of " + name + " (a figure with text is laid out with the metrics of the font that"
                + " the logical SansSerif maps to on this machine, DejaVu Sans on the Debian machines where the goldens"
                + " were made; on other fonts regenerate and inspect)";
        assertThat(actual.getWidth()).as(sizeHint).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).as(sizeHint).isEqualTo(expected.getHeight());
        int differing = 0;
        int worst = 0;
        for (int y = 0; y < actual.getHeight(); y++) {
            for (int x = 0; x < actual.getWidth(); x++) {
                int d = channelDistance(actual.getRGB(x, y), expected.getRGB(x, y));
                worst = Math.max(worst, d);
                if (d > levels) {
                    differing++;
                }
            }
        }
        double fraction = differing / (double) (actual.getWidth() * actual.getHeight());
        assertThat(fraction).as(name + ": fraction of pixels off by more than " + levels + " levels (worst " + worst
                + ")").isLessThanOrEqualTo(maxDifferingFraction);
    }

    /** The largest absolute difference over the R, G and B channels of two packed colours. */
    static int channelDistance(int a, int b) {
        int d = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            d = Math.max(d, Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF)));
        }
        return d;
    }
}
