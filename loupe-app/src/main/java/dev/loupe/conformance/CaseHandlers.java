package dev.loupe.conformance;

import java.util.LinkedHashMap;
import java.util.Map;

/** The registry of {@link CaseHandler}s by manifest method name. */
public final class CaseHandlers {
    private CaseHandlers() {
    }

    /**
     * Every method Loupe implements, keyed by the manifest's {@code method} name. Register a new handler here with
     * one line. The map is a fresh mutable copy, so callers may add or replace handlers.
     */
    public static Map<String, CaseHandler> standard() {
        Map<String, CaseHandler> handlers = new LinkedHashMap<>();
        handlers.put("logits", new LogitsHandler());
        handlers.put("softmax", new SoftmaxHandler());
        return handlers;
    }
}
