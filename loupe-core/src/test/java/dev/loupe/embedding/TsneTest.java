package dev.loupe.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TsneTest {

    /** Three well separated Gaussian clusters in 20 dimensions. */
    private static Tensor clusters(int perCluster, long seed, int[] labels) {
        Random r = new Random(seed);
        int d = 20, n = 3 * perCluster;
        Tensor x = Tensor.zeros(n, d);
        for (int i = 0; i < n; i++) {
            int c = i / perCluster;
            labels[i] = c;
            for (int j = 0; j < d; j++) {
                x.data()[i * d + j] = (float) (r.nextGaussian() + (j == c ? 12 : 0));
            }
        }
        return x;
    }

    @Test
    void separatesClustersAndPreservesNeighbourhoods() {
        int[] labels = new int[300];
        Tensor x = clusters(100, 1, labels);
        Tsne.Result result = new Tsne(TsneConfig.defaults(0).withIterations(500), Parallel.of(2))
                .fit(x, Tsne.Progress.NONE);
        Tensor y = result.embedding();
        assertThat(y.shape()).containsExactly(300, 2);
        // every point's nearest embedded neighbour is in its own cluster
        int[][] nn = NearestNeighbours.search(y, y, 1, true, Parallel.serial()).indices();
        int same = 0;
        for (int i = 0; i < 300; i++) {
            same += labels[nn[i][0]] == labels[i] ? 1 : 0;
        }
        assertThat(same).isEqualTo(300);
        assertThat(result.klDivergence()).isBetween(0.0, 3.0);
        assertThat(KnnPreservation.of(x, y, 10, Parallel.serial())).isGreaterThan(0.3);
    }

    @Test
    void barnesHutGradientMatchesExactGradient() {
        int[] labels = new int[150];
        Tensor x = clusters(50, 2, labels);
        Affinities p = Affinities.compute(x, 10, Parallel.serial());
        Random r = new Random(6);
        float[] y = new float[300];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (r.nextGaussian() * 5);
        }
        float[] exact = new float[300], approx = new float[300];
        TsneConfig base = TsneConfig.defaults(0).withPerplexity(10);
        double zExact = new Tsne(new TsneConfig(10, 1, 12, 0, Double.NaN, 0.0, true, 0), Parallel.serial())
                .gradient(p, y, 1, exact);
        double zApprox = new Tsne(new TsneConfig(10, 1, 12, 0, Double.NaN, 0.3, true, 0), Parallel.of(2))
                .gradient(p, y, 1, approx);
        assertThat(base.theta()).isEqualTo(0.5);
        assertThat(zApprox).isCloseTo(zExact, org.assertj.core.data.Offset.offset(0.01 * zExact));
        double err = 0, norm = 0;
        for (int i = 0; i < 300; i++) {
            err += (exact[i] - approx[i]) * (exact[i] - approx[i]);
            norm += exact[i] * exact[i];
        }
        assertThat(Math.sqrt(err / norm)).isLessThan(0.05);
    }

    /** Points spread like a t-SNE embedding, with two exact duplicates (a multi-point leaf). */
    private static float[] embedding(int n, long seed) {
        Random r = new Random(seed);
        float[] y = new float[2 * n];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (r.nextGaussian() * 5);
        }
        y[2] = y[0];
        y[3] = y[1];
        return y;
    }

    @Test
    void treeWalkWithATinyAngleGivesTheExactGradient() {
        int[] labels = new int[150];
        Tensor x = clusters(50, 2, labels);
        Affinities p = Affinities.compute(x, 10, Parallel.serial());
        float[] y = embedding(150, 7);
        float[] exact = new float[300], walked = new float[300];
        double zExact = new Tsne(new TsneConfig(10, 1, 12, 0, Double.NaN, 0.0, true, 0), Parallel.serial())
                .gradient(p, y, 4, exact);
        // θ = 1e-3 opens every cell down to the leaves: the tree is then a (reordered) exact sum
        double zWalked = new Tsne(new TsneConfig(10, 1, 12, 0, Double.NaN, 1e-3, true, 0), Parallel.of(2))
                .gradient(p, y, 4, walked);
        assertThat(zWalked).isCloseTo(zExact, org.assertj.core.data.Offset.offset(1e-5 * zExact));
        for (int i = 0; i < 300; i++) {
            assertThat(walked[i]).as("component %d", i)
                    .isCloseTo(exact[i], org.assertj.core.data.Offset.offset(1e-5f * (1 + Math.abs(exact[i]))));
        }
    }

    @Test
    void gradientDoesNotDependOnTheThreadCount() {
        int[] labels = new int[600];
        Tensor x = clusters(200, 3, labels);
        Affinities p = Affinities.compute(x, 20, Parallel.serial());
        float[] y = embedding(600, 8);
        TsneConfig c = new TsneConfig(20, 1, 12, 0, Double.NaN, 0.5, true, 0);
        float[] one = new float[1200], three = new float[1200];
        double zOne = new Tsne(c, Parallel.serial()).gradient(p, y, 12, one);
        double zThree = new Tsne(c, Parallel.of(3)).gradient(p, y, 12, three);
        assertThat(zThree).isEqualTo(zOne);
        assertThat(three).containsExactly(one);
    }

    @Test
    void deterministicForSeedAndThreads() {
        int[] labels = new int[90];
        Tensor x = clusters(30, 3, labels);
        TsneConfig c = TsneConfig.defaults(5).withPerplexity(10).withIterations(100);
        Tensor a = new Tsne(c, Parallel.of(2)).fit(x, Tsne.Progress.NONE).embedding();
        Tensor b = new Tsne(c, Parallel.of(2)).fit(x, Tsne.Progress.NONE).embedding();
        assertThat(a.data()).containsExactly(b.data());
    }

    @Test
    void rejectsPerplexityTooLargeForTheData() {
        Tensor x = Tensor.randn(new Random(0), 1f, 20, 3);
        assertThatThrownBy(() -> new Tsne(TsneConfig.defaults(0), Parallel.serial()).fit(x, Tsne.Progress.NONE))
                .isInstanceOf(LoupeException.class).hasMessageContaining("perplexity 30.0 is too large for 20 points");
    }

    @Test
    void perplexityCalibrationHitsTheTargetEntropy() {
        float[] d = new float[90];
        Random r = new Random(4);
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (50 + 30 * r.nextDouble());
        }
        float[] p = Affinities.conditionalRow(d, 30);
        double sum = 0, h = 0;
        for (float v : p) {
            sum += v;
            h -= v > 0 ? v * Math.log(v) : 0;
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(Math.exp(h)).isCloseTo(30.0, org.assertj.core.data.Offset.offset(0.01));
    }
}
