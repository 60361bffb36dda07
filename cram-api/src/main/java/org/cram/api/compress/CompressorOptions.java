package org.cram.api.compress;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Immutable string-keyed options for a {@link CompressorProvider}, with typed getters whose errors name the key,
 * the bad value and what is expected.
 */
public final class CompressorOptions {
    private static final CompressorOptions EMPTY = new CompressorOptions(Map.of());
    private final Map<String, Object> values;

    private CompressorOptions(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static CompressorOptions of(Map<String, ?> values) {
        return new CompressorOptions(new LinkedHashMap<>(values));
    }

    public static CompressorOptions empty() {
        return EMPTY;
    }

    public Map<String, Object> asMap() {
        return values;
    }

    /** Fails naming every key not among {@code allowed}. */
    public void requireOnly(String compressorName, Set<String> allowed) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("compressor '" + compressorName + "': unknown option(s) " + unknown
                    + "; allowed: " + new TreeSet<>(allowed));
        }
    }

    public long getLong(String key, long defaultValue) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw new IllegalArgumentException("option '" + key + "' must be an integer, got " + v);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("option '" + key + "' must be true or false, got " + v);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
