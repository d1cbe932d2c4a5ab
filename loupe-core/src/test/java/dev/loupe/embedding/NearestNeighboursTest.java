package dev.loupe.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NearestNeighboursTest {
    @Test
    void matchesBruteForceWithTiesByIndex() {
        Random r = new Random(9);
        int n = 600, d = 7, k = 12;
        Tensor x = Tensor.zeros(n, d);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = r.nextInt(3); // many exact ties
        }
        NearestNeighbours.Result got = NearestNeighbours.search(x, x, k, true, Parallel.of(2));
        for (int i = 0; i < n; i += 37) {
            int q = i;
            double[] dist = new double[n];
            for (int j = 0; j < n; j++) {
                for (int t = 0; t < d; t++) {
                    double diff = x.data()[q * d + t] - x.data()[j * d + t];
                    dist[j] += diff * diff;
                }
            }
            int[] expected = IntStream.range(0, n).filter(j -> j != q).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(j -> dist[j]).thenComparingInt(j -> j))
                    .limit(k).mapToInt(Integer::intValue).toArray();
            assertThat(got.indices()[q]).as("query %d", q).containsExactly(expected);
            for (int t = 0; t < k; t++) {
                assertThat((double) got.squaredDistances()[q][t]).isCloseTo(dist[expected[t]],
                        org.assertj.core.data.Offset.offset(1e-3));
            }
        }
    }

    @Test
    void rejectsKLargerThanTheData() {
        Tensor x = Tensor.zeros(5, 2);
        assertThatThrownBy(() -> NearestNeighbours.search(x, x, 5, true, Parallel.serial()))
                .isInstanceOf(LoupeException.class).hasMessageContaining("k = 5 must be between 1 and 4");
        assertThat(Arrays.stream(NearestNeighbours.search(x, x, 5, false, Parallel.serial()).indices()[0]))
                .hasSize(5);
    }

    @Test
    void pcaFindsTheDominantAxis() {
        Random r = new Random(2);
        Tensor x = Tensor.zeros(500, 3);
        for (int i = 0; i < 500; i++) {
            double t = r.nextGaussian();
            x.data()[i * 3] = (float) (3 * t);
            x.data()[i * 3 + 1] = (float) (4 * t);
            x.data()[i * 3 + 2] = (float) (0.1 * r.nextGaussian());
        }
        Tensor p = Pca.project(x, 1, Parallel.serial());
        double m0 = 0, m1 = 0;
        for (int i = 0; i < 500; i++) {
            m0 += x.data()[i * 3] / 500.0;
            m1 += x.data()[i * 3 + 1] / 500.0;
        }
        for (int i = 0; i < 500; i++) {
            double expected = (3 * (x.data()[i * 3] - m0) + 4 * (x.data()[i * 3 + 1] - m1)) / 5;
            assertThat((double) Math.abs(p.data()[i])).isCloseTo(Math.abs(expected),
                    org.assertj.core.data.Offset.offset(0.05));
        }
    }
}
