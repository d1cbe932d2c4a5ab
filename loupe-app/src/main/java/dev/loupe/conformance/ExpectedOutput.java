package dev.loupe.conformance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One expected output of a reference case.
 *
 * @param name      the output's key in the case, such as {@code logits} or {@code attribution}
 * @param tensor    the file holding the expected values and their shape
 * @param tolerance the suggested tolerance (atol already scaled, see {@link Tolerance})
 * @param details   the whole manifest entry, for extra fields such as {@code layer} or {@code definition}
 */
public record ExpectedOutput(String name, TensorFile tensor, Tolerance tolerance, JsonNode details) {
}
