package dev.loupe.conformance;

import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;
import java.util.Map;

/**
 * Computes the outputs of the reference cases of one method with Loupe. A handler reads every hyper-parameter it
 * needs from the case (never assuming a value) and returns one tensor per expected output, keyed by the output
 * names of the manifest (e.g. {@code attribution}, {@code convergence_delta}); the {@link Conformance} runner
 * compares them with the expected values.
 *
 * <p>To support a new method, write one class implementing this interface and add it to
 * {@link CaseHandlers#standard()} under the manifest's method name.
 */
@FunctionalInterface
public interface CaseHandler {
    /**
     * Runs the case on {@code model} (already built from the set) and returns the computed outputs.
     *
     * @throws dev.loupe.LoupeException when a hyper-parameter is missing or unsupported
     */
    Map<String, Tensor> compute(ReferenceCase referenceCase, Model model);
}
