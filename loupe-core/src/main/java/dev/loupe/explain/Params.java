package dev.loupe.explain;

import dev.loupe.LoupeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parameter values for one method, checked against its {@link ParameterSpec}s: unknown names and ill-typed values
 * are rejected with a one-line message, and missing ones take their defaults.
 */
public final class Params {
    private final String method;
    private final Map<String, String> values;
    private final Map<String, ParameterSpec> specs;

    private Params(String method, Map<String, ParameterSpec> specs, Map<String, String> values) {
        this.method = method;
        this.specs = specs;
        this.values = values;
    }

    /**
     * Checks {@code given} against {@code specs}.
     *
     * @throws LoupeException for an unknown parameter (listing the valid ones) or a value of the wrong type
     */
    public static Params of(String method, List<ParameterSpec> specs, Map<String, String> given) {
        Map<String, ParameterSpec> byName = new LinkedHashMap<>();
        for (ParameterSpec s : specs) {
            byName.put(s.name(), s);
        }
        Map<String, String> values = new TreeMap<>();
        for (ParameterSpec s : specs) {
            values.put(s.name(), s.defaultValue());
        }
        for (Map.Entry<String, String> e : given.entrySet()) {
            ParameterSpec s = byName.get(e.getKey());
            if (s == null) {
                throw new LoupeException("method " + method + " has no parameter '" + e.getKey() + "'"
                        + (byName.isEmpty() ? "; it takes none" : "; valid: " + String.join(", ", byName.keySet())));
            }
            check(method, s, e.getValue());
            values.put(e.getKey(), e.getValue());
        }
        return new Params(method, byName, values);
    }

    private static void check(String method, ParameterSpec s, String v) {
        try {
            switch (s.type()) {
                case INT -> Integer.parseInt(v.trim());
                case DOUBLE -> Double.parseDouble(v.trim());
                case BOOLEAN -> {
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new NumberFormatException();
                    }
                }
                case CHOICE -> {
                    if (!s.choices().contains(v)) {
                        throw new LoupeException(method + ": " + s.name() + " must be one of "
                                + String.join(", ", s.choices()) + ", got '" + v + "'");
                    }
                }
                default -> {
                }
            }
        } catch (NumberFormatException e) {
            throw new LoupeException(method + ": parameter " + s.name() + " must be " + s.type().name().toLowerCase()
                    + ", got '" + v + "'");
        }
    }

    private String raw(String name) {
        if (!specs.containsKey(name)) {
            throw new IllegalStateException(method + " reads undeclared parameter " + name);
        }
        return values.get(name);
    }

    /** An integer parameter. */
    public int integer(String name) {
        return Integer.parseInt(raw(name).trim());
    }

    /** A real parameter. */
    public double real(String name) {
        return Double.parseDouble(raw(name).trim());
    }

    /** A boolean parameter. */
    public boolean flag(String name) {
        return Boolean.parseBoolean(raw(name));
    }

    /** A text, choice or layer parameter. */
    public String text(String name) {
        return raw(name);
    }

    /** All values as text, sorted by name, for provenance. */
    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }
}
