package dev.loupe.explain.noise;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;

/** Where the noise of a {@link NoiseTunnel} comes from: drawn with a seed, or replayed from stored samples. */
public sealed interface NoiseSource {
    /**
     * Gaussian noise N(0, stdev²) in input units. Sample k is one noise image {@code [C, H, W]} drawn from a generator
     * seeded with {@code seed} and k, added to every image of the batch: an image gets the same noisy copies whether
     * it is explained alone or in a batch, and results do not depend on how samples are scheduled.
     *
     * @param samples number of noisy copies
     * @param stdev   standard deviation in input units (0 gives the base method)
     * @param seed    random seed
     */
    record Gaussian(int samples, double stdev, long seed) implements NoiseSource {
        public Gaussian {
            if (samples < 1) {
                throw new LoupeException("noise tunnel needs at least one sample, got " + samples);
            }
            if (!(stdev >= 0) || Double.isInfinite(stdev)) {
                throw new LoupeException("noise stdev must be finite and non-negative, got " + stdev);
            }
        }

        @Override
        public Tensor noise(int sample, Tensor input) {
            Random random = new Random(seed * 0x9E3779B97F4A7C15L + sample);
            int n = input.dim(0), per = input.size() / Math.max(1, n);
            Tensor one = Tensor.randn(random, (float) stdev, per);
            Tensor out = Tensor.zeros(input.shape());
            for (int i = 0; i < n; i++) {
                System.arraycopy(one.data(), 0, out.data(), i * per, per);
            }
            return out;
        }
    }

    /**
     * Stored noise {@code [samples, N, C, H, W]}: noisy copy k is {@code input + noise[k]} (how the reference set
     * replays Captum's torch-generated noise).
     *
     * @param noise the samples
     */
    record Replay(Tensor noise) implements NoiseSource {
        public Replay {
            if (noise.rank() < 2 || noise.dim(0) < 1) {
                throw new LoupeException("replayed noise must be [samples, N, ...], got " + noise.shapeString());
            }
        }

        @Override
        public int samples() {
            return noise.dim(0);
        }

        @Override
        public long seed() {
            return 0;
        }

        @Override
        public Tensor noise(int sample, Tensor input) {
            int[] s = noise.shape();
            if (!Arrays.equals(Arrays.copyOfRange(s, 1, s.length), input.shape())) {
                throw new LoupeException("replayed noise " + noise.shapeString() + " does not fit the input "
                        + input.shapeString());
            }
            return noise.slice(sample, sample + 1).reshape(input.shape());
        }
    }

    /** Number of noisy copies. */
    int samples();

    /** The seed for provenance (0 for replayed noise). */
    long seed();

    /** The noise of copy {@code sample}, shaped like {@code input}. */
    Tensor noise(int sample, Tensor input);
}
