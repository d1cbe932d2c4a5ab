package dev.loupe.explain;

import java.util.List;
import java.util.function.Function;

/**
 * A registered explanation method: its stable name, its family, a one-line description, its parameters and a
 * factory that builds an {@link Explainer} from checked parameter values.
 *
 * @param name        stable registry name, such as {@code gradcam}
 * @param family      family package: {@code gradient}, {@code propagation}, {@code lrp}, {@code cam},
 *                    {@code perturbation}
 * @param description one line for {@code loupe methods}
 * @param parameters  the parameters and their defaults
 * @param factory     builds the explainer
 */
public record MethodSpec(String name, String family, String description, List<ParameterSpec> parameters,
                         Function<Params, Explainer> factory) {
    public MethodSpec {
        parameters = List.copyOf(parameters);
    }

    /** Builds the explainer for the given parameter values (defaults for the rest). */
    public Explainer create(java.util.Map<String, String> values) {
        return factory.apply(Params.of(name, parameters, values));
    }
}
