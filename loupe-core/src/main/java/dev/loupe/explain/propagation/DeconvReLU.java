package dev.loupe.explain.propagation;

import dev.loupe.nn.BackwardRule;
import dev.loupe.nn.Step;
import dev.loupe.tensor.Elementwise;
import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * DeconvNet's ReLU (Zeiler &amp; Fergus, 2014, "Visualizing and understanding convolutional networks"): the
 * reconstruction is rectified on its way back, {@code max(signal, 0)}, whatever the forward input was. With the
 * gradient everywhere else this is the whole DeconvNet: max-pool gradients route through the recorded switches
 * (unpooling) and a convolution's input gradient applies the transposed filters.
 */
public record DeconvReLU() implements BackwardRule {
    @Override
    public List<Tensor> backward(Step step, Tensor signal) {
        return List.of(Elementwise.positivePart(signal, step.parallel()));
    }
}
