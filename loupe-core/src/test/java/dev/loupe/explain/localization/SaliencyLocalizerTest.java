package dev.loupe.explain.localization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.loupe.LoupeException;
import dev.loupe.explain.Propagation;
import dev.loupe.explain.Target;
import dev.loupe.explain.testdata.TrainedSeednet;
import dev.loupe.nn.Model;
import dev.loupe.nn.RuleMap;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Localization on synthetic maps with known answers. */
class SaliencyLocalizerTest {

    /** A Gaussian blob centred at (cy, cx) plus weak noise and a smaller, weaker blob elsewhere. */
    private static Tensor blobMap(double cy, double cx, double sigma) {
        Random r = new Random(3);
        Tensor m = Tensor.zeros(1, 1, 40, 40);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                double main = Math.exp(-((y - cy) * (y - cy) + (x - cx) * (x - cx)) / (2 * sigma * sigma));
                double small = 0.8 * Math.exp(-((y - 5) * (y - 5) + (x - 34) * (x - 34)) / 2.0);
                m.set((float) (main + small + 0.01 * r.nextDouble()), 0, 0, y, x);
            }
        }
        return m;
    }

    @Test
    void syntheticBlobGivesItsBox() {
        // a threshold just above exp(−2) (the noise is below 0.01) keeps the pixels strictly inside the disc of radius
        // 2σ = 6 around (20, 12), whose extremes are rows 15..25 and columns 7..17
        Tensor map = blobMap(20, 12, 3);
        Localization loc = new SaliencyLocalizer(new Threshold.Value(Math.exp(-2) + 0.0101), Connectivity.FOUR)
                .localize(map);
        assertThat(loc.box()).isEqualTo(new BoundingBox(15, 7, 26, 18));
        // the small blob also passes the threshold but is not the largest component
        assertThat(loc.mask().get(5, 34)).isEqualTo(0f);
        assertThat(loc.mask().get(20, 12)).isEqualTo(1f);
        assertThat(loc.pixels()).isEqualTo((int) loc.mask().sum());
    }

    @Test
    void quantileThresholdKeepsTheTopFraction() {
        Tensor map = Tensor.zeros(10, 10);
        for (int i = 0; i < 100; i++) {
            map.data()[i] = i;
        }
        // the top 10% are values 90..99 (≥ the 0.9-quantile 89.1): the last row
        Localization loc = new SaliencyLocalizer(new Threshold.Quantile(0.9), Connectivity.EIGHT).localize(map);
        assertThat(loc.threshold()).isCloseTo(89.1, offset(1e-9));
        assertThat(loc.box()).isEqualTo(new BoundingBox(9, 0, 10, 10));
        assertThat(loc.pixels()).isEqualTo(10);
    }

    @Test
    void connectivityDecidesWhetherDiagonalsJoin() {
        // a diagonal of 4 pixels and a horizontal pair: 8-connectivity joins the diagonal, 4 does not
        boolean[] set = new boolean[36];
        for (int i = 0; i < 4; i++) {
            set[i * 6 + i] = true;
        }
        set[5 * 6 + 3] = true;
        set[5 * 6 + 4] = true;
        boolean[] eight = SaliencyLocalizer.largestComponent(set, 6, 6, Connectivity.EIGHT);
        assertThat(BoundingBox.of(eight, 6, 6)).isEqualTo(new BoundingBox(0, 0, 4, 4));
        boolean[] four = SaliencyLocalizer.largestComponent(set, 6, 6, Connectivity.FOUR);
        assertThat(BoundingBox.of(four, 6, 6)).isEqualTo(new BoundingBox(5, 3, 6, 5));
    }

    @Test
    void mapsAreReducedToTheLargestMagnitude() {
        Tensor map = Tensor.zeros(1, 3, 5, 5);
        map.set(-4f, 0, 2, 1, 1);
        map.set(3f, 0, 0, 1, 2);
        map.set(1f, 0, 1, 3, 3);
        Localization loc = new SaliencyLocalizer(new Threshold.Value(2), Connectivity.FOUR).localize(map);
        assertThat(loc.box()).isEqualTo(new BoundingBox(1, 1, 2, 3));
    }

    @Test
    void iouInkBoxesAndMeanScore() {
        BoundingBox a = new BoundingBox(0, 0, 4, 4), b = new BoundingBox(2, 2, 6, 6);
        assertThat(a.iou(b)).isCloseTo(4.0 / 28, offset(1e-12));
        assertThat(a.iou(a)).isEqualTo(1.0);
        assertThat(a.iou(new BoundingBox(10, 10, 12, 12))).isEqualTo(0.0);

        Tensor images = Tensor.full(-0.4242f, 2, 1, 28, 28);
        Tensor maps = Tensor.zeros(2, 1, 28, 28);
        for (int y = 8; y < 20; y++) {
            for (int x = 10; x < 16; x++) {
                images.set(2.8f, 0, 0, y, x);
                images.set(2.8f, 1, 0, y, x);
                maps.set(1f, 0, 0, y, x);           // image 0: the map marks exactly the ink
                maps.set(1f, 1, 0, y, x - 4);       // image 1: shifted 4 columns left
            }
        }
        assertThat(InkBox.of(images.item(0), 0)).isEqualTo(new BoundingBox(8, 10, 20, 16));
        LocalizationScore score = LocalizationScore.evaluate(
                new SaliencyLocalizer(new Threshold.Value(0.5), Connectivity.EIGHT), maps, images, 0);
        // shifted box: overlap 12×2 = 24, union 72 + 72 − 24 = 120
        assertThat(score.iou()).containsExactly(new double[] {1.0, 0.2}, offset(1e-12));
        assertThat(score.meanIoU()).isCloseTo(0.6, offset(1e-12));
    }

    @Test
    void emptySelectionsAreReported() {
        assertThatThrownBy(() -> new SaliencyLocalizer(new Threshold.Value(5), Connectivity.FOUR)
                .localize(Tensor.zeros(4, 4))).isInstanceOf(LoupeException.class).hasMessageContaining("threshold");
        assertThatThrownBy(() -> InkBox.of(Tensor.zeros(4, 4), 0.5)).isInstanceOf(LoupeException.class);
        assertThatThrownBy(() -> new Threshold.Quantile(1.5)).isInstanceOf(LoupeException.class);
    }

    @Test
    void gradientSaliencyOfATrainedSeednetFindsTheDigits() {
        Assumptions.assumeTrue(TrainedSeednet.available(), "MNIST test set not found in " + TrainedSeednet.MNIST);
        Model model = TrainedSeednet.model();
        Tensor digits = TrainedSeednet.data().images().slice(9000, 9100);
        Tensor saliency = Propagation.run(model, digits, new Target.Predicted(), RuleMap.GRADIENT, false,
                Parallel.defaults()).atInput();
        LocalizationScore score = LocalizationScore.evaluate(SaliencyLocalizer.defaults(), saliency, digits, 0);
        LocalizationScore raw = LocalizationScore.evaluate(
                new SaliencyLocalizer(new Threshold.Quantile(0.95), Connectivity.FOUR), saliency, digits, 0);
        // a box of the image centre as large as the average ink box is the baseline to beat
        double baseline = 0;
        for (int i = 0; i < 100; i++) {
            BoundingBox ink = InkBox.of(digits.item(i), 0);
            baseline += new BoundingBox(4, 4, 24, 24).iou(ink) / 100;
        }
        System.out.printf("saliency localization: mean IoU %.3f (top 5%% unsmoothed %.3f, centre box %.3f)%n",
                score.meanIoU(), raw.meanIoU(), baseline);
        assertThat(score.meanIoU()).isGreaterThan(0.55).isGreaterThan(raw.meanIoU());
    }
}
