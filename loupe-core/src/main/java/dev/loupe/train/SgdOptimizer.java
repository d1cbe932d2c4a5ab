package dev.loupe.train;

/** The update of {@link OptimizerSpec.Sgd}: {@code g ← g + wd·p; v ← μ·v + g; p ← p − lr·v}. */
final class SgdOptimizer extends Optimizer {
    private final float lr;
    private final float momentum;
    private final float decay;

    SgdOptimizer(OptimizerSpec.Sgd spec) {
        this.lr = (float) spec.learningRate();
        this.momentum = (float) spec.momentum();
        this.decay = (float) spec.weightDecay();
    }

    @Override
    int statesPerParameter() {
        return 1;
    }

    @Override
    void update(float[] p, float[] g, float[][] state, int stateOffset, int from, int to) {
        float[] v = state[stateOffset];
        for (int i = from; i < to; i++) {
            float grad = g[i] + decay * p[i];
            float vi = momentum * v[i] + grad;
            v[i] = vi;
            p[i] -= lr * vi;
        }
    }
}
