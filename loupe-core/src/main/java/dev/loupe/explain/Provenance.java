package dev.loupe.explain;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where an attribution came from: the method's registry name, its parameters, the random seed (0 when the method
 * is deterministic) and the digest of the model ({@link dev.loupe.nn.Model#digest()}).
 *
 * @param method      registry name, such as {@code lrp.epsilon-gamma-box}
 * @param parameters  parameter values as text, sorted by name
 * @param seed        random seed used
 * @param modelDigest model digest
 */
public record Provenance(String method, Map<String, String> parameters, long seed, String modelDigest) {
    public Provenance {
        parameters = Map.copyOf(parameters);
    }

    /** The parameters as one sorted line, such as {@code epsilon=0.25, gamma=0.25}. */
    public String parameterLine() {
        return String.join(", ", new TreeMap<>(parameters).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
}
