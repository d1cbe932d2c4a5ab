package dev.loupe.explain.lrp;

import dev.loupe.LoupeException;
import dev.loupe.nn.BackwardRule;
import dev.loupe.nn.LinearLayer;
import dev.loupe.nn.Step;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * A relevance rule for a layer that is affine in its input, {@code z = z(a, w, b)}: a convolution or a dense layer.
 * Each rule is written once in terms of {@link LinearLayer#apply} ({@code z(a, w, b)}) and
 * {@link LinearLayer#applyTransposed} ({@code J(w)ᵀ s}), so it holds for both kinds.
 *
 * <p>Notation used by the rules' javadoc: {@code a} is the layer's input, {@code R} the relevance at its output,
 * {@code a⁺ = max(a, 0)}, {@code a⁻ = min(a, 0)} and likewise {@code w⁺, w⁻, b⁺, b⁻}; products are elementwise;
 * {@code stab(z) = z + e·sign(z)} with {@code sign(0) = +1}.
 */
public interface LinearRule extends BackwardRule {

    /**
     * The relevance at the layer input, shaped like {@code a}.
     *
     * @param layer    the convolution or dense layer
     * @param a        its input batch ({@code [N, C, H, W]} or {@code [N, F]})
     * @param z        its recorded output {@code z(a, w, b)}
     * @param r        the relevance at its output, shaped like {@code z}
     * @param parallel the threads to use
     */
    Tensor relevance(LinearLayer layer, Tensor a, Tensor z, Tensor r, Parallel parallel);

    @Override
    default List<Tensor> backward(Step step, Tensor signal) {
        if (!(step.layer() instanceof LinearLayer layer)) {
            throw new LoupeException("LRP rule " + getClass().getSimpleName() + " applies to Conv2d and Linear layers, "
                    + "not to layer " + step.node().name() + " (" + step.layer().kind() + ")");
        }
        return List.of(relevance(layer, step.input(), step.output(), signal, step.parallel()));
    }

    /** {@code a · J(w)ᵀ s}: the input times the layer's backward pass with weight w. */
    static Tensor inputTimesBackward(LinearLayer layer, Tensor a, Tensor s, Tensor w, Parallel parallel) {
        Tensor g = layer.applyTransposed(s, w, a.shape(), parallel);
        float[] gd = g.data(), ad = a.data();
        Relevance.forImages(parallel, a.dim(0), gd.length, (from, to, chunk) -> {
            for (int i = from; i < to; i++) {
                gd[i] *= ad[i];
            }
        });
        return g;
    }
}
