package dev.loupe.train;

import dev.loupe.tensor.Gemm;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * A stateful optimizer that updates parameter tensors in place from their gradients. Create one with
 * {@link OptimizerSpec#create()}; it remembers per-parameter state (momentum buffers, Adam moments) by position, so
 * every {@link #step} must pass the same parameters in the same order.
 *
 * <p>Updates are elementwise, so splitting a large tensor over threads changes no bits: results are identical for
 * every thread count.
 */
public abstract sealed class Optimizer permits SgdOptimizer, AdamOptimizer {
    /** Tensors smaller than this are updated on the calling thread; forking would cost more than it saves. */
    private static final int PARALLEL_THRESHOLD = 1 << 16;

    private float[][] state;
    private long steps;

    Optimizer() {
    }

    /** How many state arrays each parameter needs (1 for momentum SGD, 2 for Adam). */
    abstract int statesPerParameter();

    /** Called once per step before the updates, with the new step number (1 for the first step). */
    void beginStep(long step) {
    }

    /** Updates {@code p[from, to)} from {@code g} using the parameter's state arrays. */
    abstract void update(float[] p, float[] g, float[][] state, int stateOffset, int from, int to);

    /** Number of steps taken so far. */
    public long steps() {
        return steps;
    }

    /**
     * Applies one update to every parameter, in place.
     *
     * @param parameters the parameter tensors (modified)
     * @param gradients  their gradients, same order and shapes (not modified)
     * @param parallel   threads for large tensors
     */
    public void step(List<Tensor> parameters, List<Tensor> gradients, Parallel parallel) {
        if (parameters.size() != gradients.size()) {
            throw new IllegalArgumentException(parameters.size() + " parameters but " + gradients.size()
                    + " gradients");
        }
        int per = statesPerParameter();
        if (state == null) {
            state = new float[parameters.size() * per][];
            for (int i = 0; i < parameters.size(); i++) {
                for (int s = 0; s < per; s++) {
                    state[i * per + s] = new float[parameters.get(i).size()];
                }
            }
        } else if (state.length != parameters.size() * per) {
            throw new IllegalArgumentException("this optimizer was set up for " + state.length / per
                    + " parameters, got " + parameters.size());
        }
        steps++;
        beginStep(steps);
        for (int i = 0; i < parameters.size(); i++) {
            float[] p = parameters.get(i).data(), g = gradients.get(i).data();
            if (g.length != p.length || state[i * per].length != p.length) {
                throw new IllegalArgumentException("parameter " + i + " has " + p.length + " values, its gradient "
                        + g.length + ", its state " + state[i * per].length);
            }
            int offset = i * per;
            if (p.length >= PARALLEL_THRESHOLD && parallel.threads() > 1) {
                parallel.forChunks(p.length, (from, to, chunk) -> update(p, g, state, offset, from, to));
            } else {
                update(p, g, state, offset, 0, p.length);
            }
            // the values changed in place: products must not reuse a packing of the old ones
            Gemm.forgetConstant(p);
        }
    }
}
