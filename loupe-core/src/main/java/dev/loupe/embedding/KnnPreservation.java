package dev.loupe.embedding;

import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.HashSet;
import java.util.Set;

/**
 * How well an embedding keeps local structure: the mean share of each point's {@code k} nearest neighbours in the
 * input space that are also among its {@code k} nearest neighbours in the embedding (1 is perfect).
 */
public final class KnnPreservation {
    private KnnPreservation() {
    }

    /** The k-NN preservation of {@code embedding [n, e]} for {@code input [n, d]}. */
    public static double of(Tensor input, Tensor embedding, int k, Parallel parallel) {
        int[][] high = NearestNeighbours.search(input, input, k, true, parallel).indices();
        int[][] low = NearestNeighbours.search(embedding, embedding, k, true, parallel).indices();
        long kept = 0;
        for (int i = 0; i < high.length; i++) {
            Set<Integer> near = new HashSet<>();
            for (int j : high[i]) {
                near.add(j);
            }
            for (int j : low[i]) {
                if (near.contains(j)) {
                    kept++;
                }
            }
        }
        return kept / (double) ((long) high.length * k);
    }
}
