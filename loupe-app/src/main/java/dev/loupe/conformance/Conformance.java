package dev.loupe.conformance;

import dev.loupe.LoupeException;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the cases of a reference set through Loupe and compares every output with the peer libraries' values.
 *
 * <p>Each case is dispatched on its {@code method} to a {@link CaseHandler}. A case whose method has no handler
 * fails ("no implementation of method X"), as does a handler that throws, omits an output or returns a wrongly
 * shaped tensor; a case passes when all of its outputs are within their {@link Tolerance}.
 */
public final class Conformance {
    private final Map<String, CaseHandler> handlers;

    /** A runner with the given handlers by method name. */
    public Conformance(Map<String, CaseHandler> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    /** A runner with {@link CaseHandlers#standard()}. */
    public static Conformance standard() {
        return new Conformance(CaseHandlers.standard());
    }

    /** The methods this runner can handle. */
    public Set<String> methods() {
        return handlers.keySet();
    }

    /**
     * Loads the set in {@code dir}, runs its cases (only those of method {@code only} when present), prints one line
     * per case and a final {@code N passed, N failed} line to {@code out}.
     *
     * @return 0 when every selected case passed, 1 otherwise
     * @throws LoupeException when the set cannot be loaded, or when {@code only} names a method without cases in it
     */
    public int run(Path dir, Optional<String> only, PrintStream out) {
        ReferenceSet set = ReferenceSet.load(dir);
        List<CaseResult> results = runAll(set, only, out);
        long passed = results.stream().filter(CaseResult::passed).count();
        out.println(passed + " passed, " + (results.size() - passed) + " failed");
        return passed == results.size() ? 0 : 1;
    }

    /**
     * Runs the selected cases of {@code set}, printing each case's line to {@code out} (which may be null) as soon
     * as it is done.
     */
    public List<CaseResult> runAll(ReferenceSet set, Optional<String> only, PrintStream out) {
        List<ReferenceCase> selected = only.map(set::cases).orElse(set.cases());
        if (only.isPresent() && selected.isEmpty()) {
            throw new LoupeException("reference set " + set.name() + " has no case of method '" + only.get()
                    + "'; its methods are: " + String.join(", ", set.methods()));
        }
        List<CaseResult> results = new ArrayList<>();
        for (ReferenceCase c : selected) {
            CaseResult r = runCase(set, c);
            if (out != null) {
                out.println(r.line());
            }
            results.add(r);
        }
        return results;
    }

    /** Runs one case and compares its outputs; never throws for a failing case. */
    public CaseResult runCase(ReferenceSet set, ReferenceCase c) {
        CaseHandler handler = handlers.get(c.method());
        if (handler == null) {
            return new CaseResult(c.id(), c.method(), false, Double.NaN, "no implementation of method " + c.method());
        }
        Map<String, Tensor> actual;
        try {
            Model model = set.model(c);
            actual = handler.compute(c, model);
        } catch (RuntimeException e) {
            return new CaseResult(c.id(), c.method(), false, Double.NaN, "error: " + e.getMessage());
        }
        return compare(c, actual);
    }

    /** Compares computed outputs with a case's expected outputs; outputs the case does not expect are ignored. */
    static CaseResult compare(ReferenceCase c, Map<String, Tensor> actual) {
        double maxError = 0;
        int compared = 0;
        List<String> problems = new ArrayList<>();
        for (ExpectedOutput expected : c.outputs().values()) {
            Tensor a = actual.get(expected.name());
            if (a == null) {
                problems.add("no output '" + expected.name() + "' computed");
                continue;
            }
            Tensor e;
            try {
                e = expected.tensor().load();
            } catch (LoupeException ex) {
                problems.add(ex.getMessage());
                continue;
            }
            if (!a.sameShape(e)) {
                problems.add(expected.name() + " has shape " + a.shapeString() + ", expected " + e.shapeString());
                continue;
            }
            Tolerance.Comparison cmp = expected.tolerance().compare(a, e);
            compared++;
            if (Double.isNaN(cmp.maxError()) || cmp.maxError() > maxError) {
                maxError = Double.isNaN(maxError) ? maxError : cmp.maxError();
            }
            if (!cmp.passed()) {
                problems.add(String.format(Locale.ROOT, "%s%s: actual %g, expected %g, %.3g× the tolerance",
                        expected.name(), Arrays.toString(unflatten(cmp.worstIndex(), e.shape())),
                        cmp.actualAtWorst(), cmp.expectedAtWorst(), cmp.worstRatio()));
            }
        }
        return new CaseResult(c.id(), c.method(), problems.isEmpty(), compared > 0 ? maxError : Double.NaN,
                String.join("; ", problems));
    }

    private static int[] unflatten(int index, int[] shape) {
        int[] at = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = shape[d] == 0 ? 0 : index % shape[d];
            index = shape[d] == 0 ? 0 : index / shape[d];
        }
        return at;
    }
}
