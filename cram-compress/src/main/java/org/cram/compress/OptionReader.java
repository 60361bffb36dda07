package org.cram.compress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cram.api.compress.CompressorOptions;

/**
 * Typed, range-checked reads of {@link CompressorOptions} for one compressor. Every error names the compressor,
 * the option, the bad value and what is allowed. Values are accepted in the shapes a YAML or JSON config produces:
 * any {@link Number}, {@link Boolean}, {@link String}, {@link List} and {@link Map}.
 */
public final class OptionReader {
    private final String compressor;
    private final Map<String, Object> values;

    /** Reads {@code options} for the compressor named {@code compressor}, rejecting keys outside {@code allowed}. */
    public OptionReader(String compressor, CompressorOptions options, Set<String> allowed) {
        options.requireOnly(compressor, allowed);
        this.compressor = compressor;
        this.values = options.asMap();
    }

    public boolean has(String key) {
        return values.get(key) != null;
    }

    /** A boolean, or {@code defaultValue} when absent. */
    public boolean getBoolean(String key, boolean defaultValue) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw bad(key, v, "true or false");
    }

    /** An integer in [min, max], or {@code defaultValue} when absent. */
    public long getLong(String key, long defaultValue, long min, long max) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Number n && isIntegral(n) && n.longValue() >= min && n.longValue() <= max) {
            return n.longValue();
        }
        throw bad(key, v, "an integer in [" + min + ", " + max + "]");
    }

    /** A number in [min, maxExclusive), or {@code defaultValue} when absent. */
    public double getDouble(String key, double defaultValue, double min, double maxExclusive) {
        Object v = values.get(key);
        return v == null ? defaultValue : checkNumber(key, v, min, maxExclusive);
    }

    /** One of {@code allowed} (case-sensitive), or {@code defaultValue} when absent. */
    public String getChoice(String key, String defaultValue, Collection<String> allowed) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof String s && allowed.contains(s)) {
            return s;
        }
        throw bad(key, v, "one of " + new TreeSet<>(allowed));
    }

    /** A list of non-blank strings (a single string counts as a one-element list); empty when absent. */
    public List<String> getStringList(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        List<?> raw = v instanceof List<?> l ? l : List.of(v);
        List<String> out = new ArrayList<>(raw.size());
        for (Object item : raw) {
            if (!(item instanceof String s) || s.isBlank()) {
                throw bad(key, v, "a list of non-blank strings");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /**
     * A map from non-blank string keys to numbers in [min, maxExclusive), in the given order; empty when absent.
     */
    public Map<String, Double> getNumberMap(String key, double min, double maxExclusive) {
        Object v = values.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> raw)) {
            throw bad(key, v, "a map from names to numbers in [" + fmt(min) + ", " + fmt(maxExclusive) + ")");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            if (!(e.getKey() instanceof String name) || name.isBlank()) {
                throw bad(key, v, "non-blank string keys, got key " + e.getKey());
            }
            out.put(name, checkNumber(key + "." + name, e.getValue(), min, maxExclusive));
        }
        return out;
    }

    /** The raw value, or null when absent. */
    public Object getRaw(String key) {
        return values.get(key);
    }

    /** An error for {@code key} naming its bad value and what is allowed. */
    public IllegalArgumentException bad(String key, Object value, String allowed) {
        return new IllegalArgumentException("compressor '" + compressor + "': option '" + key + "' must be "
                + allowed + ", got " + describe(value));
    }

    private double checkNumber(String key, Object v, double min, double maxExclusive) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d >= min && d < maxExclusive) {
                return d;
            }
        }
        throw bad(key, v, "a number in [" + fmt(min) + ", " + fmt(maxExclusive) + ")");
    }

    private static boolean isIntegral(Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return true;
        }
        double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 0x1p53;
    }

    private static String describe(Object v) {
        return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%s", d);
    }
}
