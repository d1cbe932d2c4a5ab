package dev.loupe.train;

import dev.loupe.tensor.Tensor;

/**
 * Softmax cross-entropy on logits, fused as log-softmax plus negative log-likelihood (PyTorch's
 * {@code F.cross_entropy} with mean reduction).
 *
 * <p>For logits {@code z [N, K]} and labels {@code y [N]}: {@code L = −(1/N) Σ_i log softmax(z_i)[y_i]}, and the
 * gradient at the logits is {@code ∂L/∂z_i = (softmax(z_i) − onehot(y_i)) / N}. Each row is shifted by its maximum
 * and accumulated in double, so large logits neither overflow nor lose the small probabilities.
 */
public final class CrossEntropy {
    private CrossEntropy() {
    }

    /**
     * The loss and its gradient for one batch.
     *
     * @param loss     the mean loss over the batch
     * @param gradient {@code ∂loss/∂logits}, shaped {@code [N, K]} like the logits
     * @param correct  how many rows have their largest logit at the label (first maximum on ties)
     */
    public record Result(double loss, Tensor gradient, int correct) {
    }

    /**
     * Evaluates the loss on {@code logits [N, K]} for the class indices {@code labels[offset .. offset + N)}.
     *
     * @throws IllegalArgumentException when a label is outside {@code [0, K)} or there are too few labels
     */
    public static Result of(Tensor logits, int[] labels, int offset) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("cross-entropy needs [N, K] logits, got " + logits.shapeString());
        }
        int n = logits.dim(0), k = logits.dim(1);
        if (offset < 0 || labels.length - offset < n) {
            throw new IllegalArgumentException("cross-entropy needs " + n + " labels from " + offset + ", have "
                    + labels.length);
        }
        Tensor grad = Tensor.zeros(n, k);
        float[] z = logits.data(), g = grad.data();
        double total = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int label = labels[offset + i];
            if (label < 0 || label >= k) {
                throw new IllegalArgumentException("label " + label + " of item " + (offset + i)
                        + " is outside the " + k + " classes");
            }
            int row = i * k;
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (z[row + j] > z[row + best]) {
                    best = j;
                }
            }
            if (best == label) {
                correct++;
            }
            double max = z[row + best];
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(z[row + j] - max);
            }
            double logSum = Math.log(sum);
            total += logSum - (z[row + label] - max);
            for (int j = 0; j < k; j++) {
                double p = Math.exp(z[row + j] - max - logSum);
                g[row + j] = (float) ((p - (j == label ? 1 : 0)) / n);
            }
        }
        return new Result(n == 0 ? 0 : total / n, grad, correct);
    }

    /** Evaluates the loss on {@code logits [N, K]} for {@code labels [N]}. */
    public static Result of(Tensor logits, int[] labels) {
        return of(logits, labels, 0);
    }
}
