package dev.loupe.nn;

import dev.loupe.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Inverted dropout (Srivastava et al., 2014): in training each element is zeroed with probability {@code p} and the
 * rest scaled by {@code 1/(1−p)}; at inference it is the identity. The mask comes from the forward options' seed
 * and is recorded for the backward step.
 *
 * @param p drop probability in [0, 1)
 */
public record Dropout(double p) implements Layer {
    public Dropout {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
    }

    @Override
    public String kind() {
        return "dropout";
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        return inputShapes.get(0).clone();
    }

    @Override
    public LayerOutput forward(List<Tensor> inputs, ForwardOptions options) {
        Tensor x = inputs.get(0);
        if (!options.training() || p == 0) {
            return LayerOutput.of(x);
        }
        SplittableRandom random = new SplittableRandom(options.seed());
        Tensor mask = Tensor.zeros(x.shape());
        float keep = (float) (1 / (1 - p));
        float[] m = mask.data();
        for (int i = 0; i < m.length; i++) {
            m[i] = random.nextDouble() < p ? 0f : keep;
        }
        return new LayerOutput(x.times(mask), new LayerState.DropoutMask(mask));
    }

    @Override
    public List<Tensor> backward(Step step, Tensor gradOutput) {
        if (step.state() instanceof LayerState.DropoutMask dm) {
            return List.of(gradOutput.times(dm.mask()));
        }
        return List.of(gradOutput);
    }

    @Override
    public String describe() {
        return "Dropout(" + p + ")";
    }
}
