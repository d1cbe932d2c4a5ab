package dev.loupe.web;

import dev.loupe.LoupeException;
import dev.loupe.explain.Attribution;
import dev.loupe.explain.Explainer;
import dev.loupe.explain.MethodProvider;
import dev.loupe.explain.MethodSpec;
import dev.loupe.explain.ParameterSpec;
import dev.loupe.explain.Params;
import dev.loupe.explain.Propagation;
import dev.loupe.explain.Provenance;
import dev.loupe.explain.Target;
import dev.loupe.nn.Model;
import dev.loupe.nn.RuleMap;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A method family for the web tests only, so that they do not depend on which real families are merged: the plain
 * gradient of the target at the input or at a chosen layer, optionally times the signal there, optionally in
 * absolute value. It exercises every form-field kind the page generates (CHOICE, BOOLEAN, DOUBLE, LAYER). A gated
 * variant holds its worker until a test opens the gate, to fill the server's queue deterministically.
 */
public final class TestMethods implements MethodProvider {
    /** The registry name. */
    public static final String GRADIENT = "test.gradient";
    /** A method that holds its worker until {@link #gate} opens, to fill the server's queue on purpose. */
    public static final String GATED = "test.gated";
    /** Opened by the test that uses {@link #GATED}; counts down once per explanation that entered. */
    static volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);
    static final java.util.concurrent.atomic.AtomicInteger ENTERED = new java.util.concurrent.atomic.AtomicInteger();

    private static final List<ParameterSpec> GRADIENT_PARAMETERS = List.of(
            ParameterSpec.choice("multiply", "none", "Multiply the gradient by", "none", "signal"),
            ParameterSpec.flag("absolute", false, "Take absolute values"),
            ParameterSpec.real("scale", 1.0, "Scale the map by this factor"),
            ParameterSpec.layer("layer", "", "Where to take the gradient (empty: the input)"));

    @Override
    public List<MethodSpec> methods() {
        return List.of(new MethodSpec(GRADIENT, "test", "Gradient of the target at the input or a layer (tests only)",
                GRADIENT_PARAMETERS, TestMethods::gradient),
                new MethodSpec(GATED, "test", "The gradient, after waiting for the test's gate (tests only)",
                        List.of(), p -> gated(gradient(Params.of(GRADIENT, GRADIENT_PARAMETERS, Map.of())))));
    }

    private static Explainer gated(Explainer inner) {
        return new Explainer() {
            @Override
            public String name() {
                return GATED;
            }

            @Override
            public Attribution explain(Model model, Tensor input, Target target) {
                ENTERED.incrementAndGet();
                try {
                    if (!gate.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never opened the gate");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return inner.explain(model, input, target);
            }
        };
    }

    private static Explainer gradient(Params p) {
        String multiply = p.text("multiply");
        boolean absolute = p.flag("absolute");
        double scale = p.real("scale");
        String layer = p.text("layer");
        return new Explainer() {
            @Override
            public String name() {
                return GRADIENT;
            }

            @Override
            public Attribution explain(Model model, Tensor input, Target target) {
                if (!layer.isEmpty() && model.shapeOf(layer).length != 3) {
                    throw new LoupeException(GRADIENT + ": layer " + layer + " has no spatial output");
                }
                Propagation.Result r = Propagation.run(model, input, target, RuleMap.GRADIENT, false,
                        Parallel.defaults());
                Tensor g = layer.isEmpty() ? r.atInput() : r.backward().at(layer);
                Tensor signal = layer.isEmpty() ? input : r.trace().activation(layer);
                Tensor map = multiply.equals("signal") ? g.times(signal) : g.copy();
                if (absolute) {
                    map = map.map(Math::abs);
                }
                map.scaleInPlace((float) scale);
                return new Attribution(map, target, r.scores(), new Provenance(GRADIENT, p.asMap(), 0,
                        model.digest()));
            }
        };
    }
}
