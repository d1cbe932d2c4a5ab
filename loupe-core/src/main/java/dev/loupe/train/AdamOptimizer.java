package dev.loupe.train;

/**
 * The update of {@link OptimizerSpec.Adam}, arranged as PyTorch does it:
 * {@code p ← p − (lr / (1−β1ᵗ)) · m / (sqrt(v) / sqrt(1−β2ᵗ) + ε)}.
 */
final class AdamOptimizer extends Optimizer {
    private final OptimizerSpec.Adam spec;
    private final float beta1;
    private final float beta2;
    private final float decay;
    private float stepSize;
    private float sqrtCorrection2;

    AdamOptimizer(OptimizerSpec.Adam spec) {
        this.spec = spec;
        this.beta1 = (float) spec.beta1();
        this.beta2 = (float) spec.beta2();
        this.decay = (float) spec.weightDecay();
    }

    @Override
    int statesPerParameter() {
        return 2;
    }

    @Override
    void beginStep(long step) {
        double correction1 = 1 - Math.pow(spec.beta1(), step);
        double correction2 = 1 - Math.pow(spec.beta2(), step);
        stepSize = (float) (spec.learningRate() / correction1);
        sqrtCorrection2 = (float) Math.sqrt(correction2);
    }

    @Override
    void update(float[] p, float[] g, float[][] state, int stateOffset, int from, int to) {
        float[] m = state[stateOffset], v = state[stateOffset + 1];
        float eps = (float) spec.epsilon();
        for (int i = from; i < to; i++) {
            float grad = g[i] + decay * p[i];
            float mi = beta1 * m[i] + (1 - beta1) * grad;
            float vi = beta2 * v[i] + (1 - beta2) * grad * grad;
            m[i] = mi;
            v[i] = vi;
            p[i] -= stepSize * mi / ((float) Math.sqrt(vi) / sqrtCorrection2 + eps);
        }
    }
}
