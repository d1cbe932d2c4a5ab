package dev.loupe.explain.synthesis;

import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * The outcome of an activation maximization.
 *
 * @param image       the final image {@code [1, C, H, W]} in input units
 * @param trajectory  the image every {@code recordEvery} steps (and after the last step), oldest first
 * @param objective   {@code J = objective − λ‖I‖²} before each step, one value per step
 * @param config      the settings used
 */
public record Synthesis(Tensor image, List<Snapshot> trajectory, double[] objective, AscentConfig config) {
    public Synthesis {
        trajectory = List.copyOf(trajectory);
        objective = objective.clone();
    }

    @Override
    public double[] objective() {
        return objective.clone();
    }

    /** The image after {@code step} steps. */
    public record Snapshot(int step, Tensor image) {
    }
}
