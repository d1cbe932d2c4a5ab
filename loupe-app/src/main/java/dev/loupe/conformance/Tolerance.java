package dev.loupe.conformance;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;

/**
 * The reference set's pass rule: elementwise {@code |actual − expected| ≤ atol + rtol·|expected|}.
 *
 * <p>About "atol scaled to the largest magnitude of the expected tensor" in the reference README: the manifest's
 * {@code atol} values are <em>already</em> scaled. For every output of the developer set, {@code atol} equals a
 * fixed fraction of {@code max|expected|} (1e-5 for forward values, 1e-4 for attributions, 1e-3 for LRP with a
 * tiny epsilon), floored at 1e-6 or 1e-5 where that product would be smaller; e.g. {@code seednet-trained/logits}
 * has {@code max|expected| = 9.35} and {@code atol = 9.35e-5}. So the manifest's {@code atol} is used as is and is
 * <em>not</em> multiplied by {@code max|expected|} again.
 *
 * @param rtol relative tolerance, ≥ 0
 * @param atol absolute tolerance, ≥ 0
 */
public record Tolerance(double rtol, double atol) {
    public Tolerance {
        if (!(rtol >= 0) || !(atol >= 0)) {
            throw new IllegalArgumentException("tolerances must be non-negative, got rtol " + rtol + ", atol " + atol);
        }
    }

    /**
     * The outcome of comparing two tensors element by element.
     *
     * @param passed        whether every element is within tolerance (NaN never is)
     * @param maxError      the largest {@code |actual − expected|} (NaN or infinity when an element is not finite)
     * @param maxErrorIndex flat index of that element, −1 for empty tensors
     * @param worstRatio    the largest {@code |actual − expected| / (atol + rtol·|expected|)}; ≤ 1 exactly when passed
     * @param worstIndex    flat index of the element with the worst ratio (the first failing one decides), −1 if empty
     * @param actualAtWorst   the actual value there
     * @param expectedAtWorst the expected value there
     */
    public record Comparison(boolean passed, double maxError, int maxErrorIndex, double worstRatio, int worstIndex,
                             float actualAtWorst, float expectedAtWorst) {
    }

    /** Whether {@code actual} is within tolerance of {@code expected}. */
    public boolean accepts(double actual, double expected) {
        return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }

    /**
     * Compares {@code actual} with {@code expected}, which must have the same shape.
     *
     * @throws LoupeException when the shapes differ
     */
    public Comparison compare(Tensor actual, Tensor expected) {
        if (!actual.sameShape(expected)) {
            throw new LoupeException("shape " + actual.shapeString() + " does not match the expected "
                    + expected.shapeString());
        }
        float[] a = actual.data(), e = expected.data();
        boolean passed = true;
        double maxError = 0, worstRatio = 0;
        int maxErrorIndex = a.length == 0 ? -1 : 0, worstIndex = maxErrorIndex;
        for (int i = 0; i < a.length; i++) {
            double err = Math.abs((double) a[i] - e[i]);
            double allowed = atol + rtol * Math.abs((double) e[i]);
            boolean ok = err <= allowed;
            // NaN errors fail and count as infinitely bad; a zero error is never worse than anything
            double ratio = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err == 0 ? 0 : err / allowed;
            if (Double.isNaN(err) ? !Double.isNaN(maxError) : err > maxError) {
                maxError = err;
                maxErrorIndex = i;
            }
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worstIndex = i;
            }
            passed &= ok;
        }
        return new Comparison(passed, maxError, maxErrorIndex, worstRatio, worstIndex,
                worstIndex < 0 ? Float.NaN : a[worstIndex], worstIndex < 0 ? Float.NaN : e[worstIndex]);
    }
}
