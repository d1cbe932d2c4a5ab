package dev.loupe.train;

import java.util.SplittableRandom;

/** Seeded per-epoch shuffling: the order of an epoch depends only on the seed, the epoch and the set size. */
public final class Shuffle {
    private Shuffle() {
    }

    /**
     * A uniformly random permutation of {@code [0, n)} for epoch {@code epoch} (Fisher–Yates with a generator seeded
     * from {@code seed} and {@code epoch}).
     */
    public static int[] permutation(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(new SplittableRandom(seed).nextLong() + 0x9E3779B97F4A7C15L
                * (epoch + 1L));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
