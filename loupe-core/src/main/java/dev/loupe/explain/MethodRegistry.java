package dev.loupe.explain;

import dev.loupe.LoupeException;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Every explanation method under its stable name. The CLI, the report and the web page all take names from here.
 * Families contribute their methods through {@link MethodProvider} services.
 */
public final class MethodRegistry {
    private static final MethodRegistry DEFAULT = new MethodRegistry(ServiceLoader.load(MethodProvider.class,
            MethodRegistry.class.getClassLoader()));

    private final Map<String, MethodSpec> methods = new TreeMap<>();

    private MethodRegistry(Iterable<MethodProvider> providers) {
        for (MethodProvider p : providers) {
            for (MethodSpec m : p.methods()) {
                if (methods.put(m.name(), m) != null) {
                    throw new IllegalStateException("method registered twice: " + m.name());
                }
            }
        }
    }

    /** The registry of all methods on the class path. */
    public static MethodRegistry defaults() {
        return DEFAULT;
    }

    /** All methods, sorted by name. */
    public Collection<MethodSpec> all() {
        return Collections.unmodifiableCollection(methods.values());
    }

    /**
     * The named method.
     *
     * @throws LoupeException for an unknown name, listing the known ones
     */
    public MethodSpec get(String name) {
        MethodSpec m = methods.get(name);
        if (m == null) {
            throw new LoupeException("unknown method '" + name + "'; known methods: "
                    + String.join(", ", methods.keySet()));
        }
        return m;
    }

    /** Builds the named method with the given parameter values. */
    public Explainer create(String name, Map<String, String> params) {
        return get(name).create(params);
    }
}
