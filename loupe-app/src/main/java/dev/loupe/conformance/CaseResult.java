package dev.loupe.conformance;

/**
 * The outcome of one reference case.
 *
 * @param id       the case id
 * @param method   the case's method
 * @param passed   whether every output was within tolerance
 * @param maxError the largest {@code |actual − expected|} over all outputs (NaN when nothing was compared)
 * @param detail   empty when passed; otherwise why it failed (the worst element, a missing handler, an error)
 */
public record CaseResult(String id, String method, boolean passed, double maxError, String detail) {
    /** The runner's one-line report: {@code pass <id> max_err=<e>} or {@code fail <id> max_err=<e> (detail)}. */
    public String line() {
        String err = Double.isNaN(maxError) ? "NaN" : String.format(java.util.Locale.ROOT, "%.3e", maxError);
        return (passed ? "pass " : "fail ") + id + " max_err=" + err + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
