package dev.loupe.explain.synthesis;

/**
 * The update rule of the ascent on the image: plain gradient steps or Adam (Kingma &amp; Ba, 2015, with their
 * default β₁ = 0.9, β₂ = 0.999, ε = 1e-8).
 */
public enum Optimizer {
    /** {@code x ← x + lr · g}. */
    SGD,
    /** {@code x ← x + lr · m̂ / (√v̂ + ε)} with bias-corrected moment estimates. */
    ADAM;

    /** The state of one ascent: moment buffers for Adam. */
    final class State {
        private final float[] m;
        private final float[] v;
        private int t;

        State(int size) {
            m = Optimizer.this == ADAM ? new float[size] : null;
            v = Optimizer.this == ADAM ? new float[size] : null;
        }

        /** Moves {@code x} up the ascent direction {@code g}, in place. */
        void ascend(float[] x, float[] g, double lr) {
            if (m == null) {
                for (int i = 0; i < x.length; i++) {
                    x[i] += (float) (lr * g[i]);
                }
                return;
            }
            t++;
            double c1 = 1 - Math.pow(0.9, t), c2 = 1 - Math.pow(0.999, t);
            float step = (float) (lr / c1), root = (float) (1 / Math.sqrt(c2));
            for (int i = 0; i < x.length; i++) {
                m[i] = 0.9f * m[i] + 0.1f * g[i];
                v[i] = 0.999f * v[i] + 0.001f * g[i] * g[i];
                x[i] += step * m[i] / ((float) Math.sqrt(v[i]) * root + 1e-8f);
            }
        }
    }

    /** Fresh state for an image of {@code size} values. */
    State start(int size) {
        return new State(size);
    }
}
