package dev.loupe.bench;

import dev.loupe.embedding.Tsne;
import dev.loupe.embedding.TsneConfig;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * The t-SNE figure {@code tsne/10k/250-iterations}: a Barnes–Hut t-SNE of 10,000 seeded points in 128 dimensions
 * (ten Gaussian clusters, shaped like a classifier's penultimate features), affinities and the 250 iterations of
 * early exaggeration, in points per second. The full 1,000-iteration run on real features is {@code loupe tsne},
 * which prints the time of each phase.
 */
public final class TsneBench {
    static final int POINTS = 10_000;
    static final int DIMENSIONS = 128;

    private TsneBench() {
    }

    /** The case on the given threads. */
    public static List<BenchCase> cases(Parallel parallel, long seed) {
        Tensor x = clusters(POINTS, DIMENSIONS, 10, seed);
        Tsne tsne = new Tsne(TsneConfig.defaults(seed).withIterations(250), parallel);
        return List.of(new BenchCase("tsne/10k/250-iterations", POINTS,
                () -> tsne.fit(x, Tsne.Progress.NONE).embedding()));
    }

    /** {@code n} points {@code [n, d]} around {@code k} centres, unit noise around centres spread by 4 per axis. */
    static Tensor clusters(int n, int d, int k, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[k][d];
        for (float[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = (float) (4 * random.nextGaussian());
            }
        }
        Tensor x = Tensor.zeros(n, d);
        float[] data = x.data();
        for (int i = 0; i < n; i++) {
            float[] c = centres[random.nextInt(k)];
            for (int j = 0; j < d; j++) {
                data[i * d + j] = (float) (c[j] + random.nextGaussian());
            }
        }
        return x;
    }
}
