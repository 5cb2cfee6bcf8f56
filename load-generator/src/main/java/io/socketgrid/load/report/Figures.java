package io.socketgrid.load.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one report, in the order they were put: names with dots group them
 * ({@code connections.ok} is {@code "connections":{"ok":…}} in JSON and the column {@code connections.ok} in CSV).
 * Values are longs, doubles (rounded to 3 decimals in the report), strings or booleans. A name put twice keeps
 * its first place and its last value. Not thread-safe: filled by one thread at the end of a run.
 */
public final class Figures {

    private final Map<String, Object> values = new LinkedHashMap<>();

    public Figures put(String name, long value) {
        return set(name, value);
    }

    public Figures put(String name, double value) {
        return set(name, Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : null);
    }

    public Figures put(String name, String value) {
        return set(name, value);
    }

    public Figures put(String name, boolean value) {
        return set(name, value);
    }

    private Figures set(String name, Object value) {
        if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            throw new IllegalArgumentException("not a figure name: " + name);
        }
        values.put(name, value);
        return this;
    }

    /** The value of {@code name}: a Long, Double, String, Boolean, or null (absent, or not a finite number). */
    public Object get(String name) {
        return values.get(name);
    }

    /** Every figure, in order. */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }
}
