package dev.loupe.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Server-side latency of one request, phase by phase, sent as a {@code Server-Timing} header. */
public final class Timing {
    private final Map<String, Double> phases = new LinkedHashMap<>();

    /** Runs {@code work} and records its wall time under {@code phase} (added to earlier runs of that phase). */
    public <T> T time(String phase, Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            phases.merge(phase, (System.nanoTime() - t0) / 1e6, Double::sum);
        }
    }

    /** The phases in milliseconds, in the order they first ran. */
    public Map<String, Double> phases() {
        return Map.copyOf(phases);
    }

    /** The header value, such as {@code explain;dur=12.3, render;dur=1.9}. */
    public String header() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Double> e : phases.entrySet()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(e.getKey()).append(";dur=").append(String.format(Locale.ROOT, "%.2f", e.getValue()));
        }
        return b.toString();
    }
}
