package dev.loupe.conformance;

import dev.loupe.explain.Target;
import dev.loupe.explain.propagation.ModifiedBackprop;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;
import java.util.Map;

/** Methods {@code guided_backprop} and {@code deconvnet} from the target logit; output {@code attribution}. */
public final class ModifiedBackpropHandler implements CaseHandler {
    private final ModifiedBackprop method;

    /** A handler running {@code method}. */
    public ModifiedBackpropHandler(ModifiedBackprop method) {
        this.method = method;
    }

    @Override
    public Map<String, Tensor> compute(ReferenceCase c, Model model) {
        return Map.of("attribution", method.explain(model, c.loadInput(), new Target.PerImage(c.targetArray())).map());
    }
}
