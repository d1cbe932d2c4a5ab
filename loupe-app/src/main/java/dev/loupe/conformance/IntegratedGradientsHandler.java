package dev.loupe.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.LoupeException;
import dev.loupe.explain.Attribution;
import dev.loupe.explain.Target;
import dev.loupe.explain.gradient.Baseline;
import dev.loupe.explain.gradient.IntegratedGradients;
import dev.loupe.explain.gradient.Quadrature;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;
import java.util.Map;

/**
 * Method {@code integrated_gradients}: the path points and weights are the case's {@code alpha_values} and
 * {@code weight_values} when given, otherwise Captum's rule named by {@code method} with {@code n_steps}; a constant
 * {@code baseline_value}; {@code internal_batch_size} rows per pass (32 when null). Outputs {@code attribution} and
 * {@code convergence_delta}.
 */
public final class IntegratedGradientsHandler implements CaseHandler {
    @Override
    public Map<String, Tensor> compute(ReferenceCase c, Model model) {
        int steps = c.integer("n_steps");
        Quadrature q;
        if (c.hyperparameters().has("alpha_values")) {
            q = new Quadrature(doubles(c.hyperparameter("alpha_values")), doubles(c.hyperparameter("weight_values")));
        } else {
            q = Quadrature.of(rule(c), steps);
        }
        if (q.steps() != steps) {
            throw new LoupeException("case " + c.id() + ": " + q.steps() + " path points for n_steps " + steps);
        }
        if (c.hyperparameters().has("multiply_by_inputs") && !c.flag("multiply_by_inputs")) {
            throw new LoupeException("case " + c.id() + ": only multiply_by_inputs=true is supported");
        }
        JsonNode batch = c.hyperparameters().get("internal_batch_size");
        int internal = batch == null || batch.isNull() ? 32 : batch.asInt();
        Attribution a = new IntegratedGradients(q, new Baseline.Constant((float) c.number("baseline_value")), internal)
                .explain(model, c.loadInput(), new Target.PerImage(c.targetArray()));
        return Map.of("attribution", a.map(), "convergence_delta", a.extra("convergence_delta"));
    }

    private static Quadrature.Rule rule(ReferenceCase c) {
        return switch (c.text("method")) {
            case "riemann_trapezoid" -> Quadrature.Rule.TRAPEZOID;
            case "riemann_left" -> Quadrature.Rule.LEFT;
            case "riemann_right" -> Quadrature.Rule.RIGHT;
            case "riemann_middle" -> Quadrature.Rule.MIDDLE;
            case "gausslegendre" -> Quadrature.Rule.GAUSS_LEGENDRE;
            default -> throw new LoupeException("case " + c.id() + ": unknown integration method " + c.text("method"));
        };
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
