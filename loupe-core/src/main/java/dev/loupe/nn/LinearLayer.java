package dev.loupe.nn;

import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer that is affine in its input: {@code z = W a + b} for a convolution or a dense layer.
 *
 * <p>Relevance rules (LRP) need the same linear map with substituted inputs, weights and biases, and its transpose;
 * {@link #apply} and {@link #applyTransposed} give exactly that, so a rule is written once for both kinds.
 */
public sealed interface LinearLayer extends Layer permits Conv2d, Linear {

    /** The weight: {@code [O, C/groups, kH, kW]} for a convolution, {@code [out, in]} for a dense layer. */
    Tensor weight();

    /** The bias {@code [O]}, or null when the layer has none. */
    Tensor bias();

    /** {@code z(a, w, b)}: the layer's map on input {@code a} with weight {@code w} and bias {@code b} (nullable). */
    Tensor apply(Tensor a, Tensor w, Tensor b, Parallel parallel);

    /**
     * {@code J(w)ᵀ s}: the input gradient of the map with weight {@code w} for an output gradient {@code s};
     * {@code inputShape} is the full input shape, batch included.
     */
    Tensor applyTransposed(Tensor s, Tensor w, int[] inputShape, Parallel parallel);

    /** Adds the gradients for weight and bias (nullable) given the input {@code a} and the output gradient. */
    void accumulateParameterGradients(Tensor a, Tensor gradOutput, Tensor gradWeight, Tensor gradBias,
                                      Parallel parallel);

    /**
     * {@link #accumulateParameterGradients} and then the input gradient with the layer's own weight
     * ({@link #applyTransposed}), the backward step of training, in one call, so that a layer can share work between
     * the two: a convolution visits a sparse output gradient's nonzeros once for both. The same values as the two
     * calls.
     */
    default Tensor accumulateAndApplyTransposed(Tensor a, Tensor gradOutput, Tensor gradWeight, Tensor gradBias,
                                                Parallel parallel) {
        accumulateParameterGradients(a, gradOutput, gradWeight, gradBias, parallel);
        return applyTransposed(gradOutput, weight(), a.shape(), parallel);
    }

    /** The same layer with other parameters (bias may be null). */
    LinearLayer withParameters(Tensor weight, Tensor bias);

    @Override
    default LayerOutput forward(List<Tensor> inputs, ForwardOptions options) {
        return LayerOutput.of(apply(inputs.get(0), weight(), bias(), options.parallel()));
    }

    @Override
    default List<Tensor> backward(Step step, Tensor gradOutput) {
        return List.of(applyTransposed(gradOutput, weight(), step.input().shape(), step.parallel()));
    }

    @Override
    default List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>();
        list.add(new Parameter("weight", weight(), true));
        if (bias() != null) {
            list.add(new Parameter("bias", bias(), true));
        }
        return list;
    }

    @Override
    default Layer deepCopy() {
        return withParameters(weight().copy(), bias() == null ? null : bias().copy());
    }
}
