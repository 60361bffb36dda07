package org.cram.experiments.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A typed, validating view of one mapping of a parsed config. Every read records its key, so that
 * {@link #requireNoUnknownKeys()} can reject typos; every error names the full dotted key, the value found and
 * what is allowed.
 */
public final class ConfigNode {
    private final String path;
    private final Map<String, Object> values;
    private final Set<String> read = new LinkedHashSet<>();

    ConfigNode(String path, Map<String, Object> values) {
        this.path = path;
        this.values = values;
    }

    private String key(String k) {
        return path.isEmpty() ? k : path + "." + k;
    }

    /** The dotted path of this node ("" at the root). */
    public String path() {
        return path;
    }

    public boolean has(String k) {
        return values.containsKey(k);
    }

    /** A free-form mapping (e.g. a plug-in's options, validated by the plug-in), or an empty one if absent. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> freeMap(String k) {
        Object v = raw(k);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw ConfigException.at(key(k), "expected a mapping, got " + describe(v));
        }
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>((Map<String, Object>) m));
    }

    /** Whether the value at {@code k} is a list. */
    public boolean isList(String k) {
        return values.get(k) instanceof List;
    }

    /** A list of mappings as nodes (e.g. a sweep grid), each named {@code key[i]} in errors. */
    @SuppressWarnings("unchecked")
    public List<ConfigNode> nodeList(String k) {
        Object v = required(k, "a list of mappings");
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw ConfigException.at(key(k), "expected a non-empty list of mappings, got " + describe(v));
        }
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw ConfigException.at(key(k) + "[" + i + "]", "expected a mapping, got " + describe(list.get(i)));
            }
            out.add(new ConfigNode(key(k) + "[" + i + "]", (Map<String, Object>) m));
        }
        return out;
    }

    /** Keys in file order. */
    public Set<String> keys() {
        return values.keySet();
    }

    private Object raw(String k) {
        read.add(k);
        return values.get(k);
    }

    private Object required(String k, String expected) {
        Object v = raw(k);
        if (v == null) {
            throw ConfigException.at(key(k), "missing; expected " + expected);
        }
        return v;
    }

    public String string(String k) {
        return asString(k, required(k, "a string"));
    }

    public String string(String k, String defaultValue) {
        Object v = raw(k);
        return v == null ? defaultValue : asString(k, v);
    }

    /** A string that must be one of {@code allowed}. */
    public String choice(String k, Collection<String> allowed) {
        String v = string(k);
        if (!allowed.contains(v)) {
            throw ConfigException.at(key(k), "unknown value '" + v + "'; allowed: " + allowed);
        }
        return v;
    }

    /** A string that must be one of {@code allowed}, {@code defaultValue} when absent. */
    public String choice(String k, String defaultValue, Collection<String> allowed) {
        return has(k) ? choice(k, allowed) : defaultValue;
    }

    private String asString(String k, Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        throw ConfigException.at(key(k), "expected a string, got " + describe(v));
    }

    public double number(String k, double low, double high, boolean highInclusive) {
        return checkRange(k, asNumber(k, required(k, "a number")), low, high, highInclusive);
    }

    public double number(String k, double defaultValue, double low, double high, boolean highInclusive) {
        Object v = raw(k);
        return v == null ? defaultValue : checkRange(k, asNumber(k, v), low, high, highInclusive);
    }

    private double asNumber(String k, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw ConfigException.at(key(k), "expected a number, got " + describe(v));
    }

    private double checkRange(String k, double v, double low, double high, boolean highInclusive) {
        boolean ok = v >= low && (highInclusive ? v <= high : v < high);
        if (!ok) {
            throw ConfigException.at(key(k), "value " + v + " outside the allowed range [" + low + ", " + high
                    + (highInclusive ? "]" : ")"));
        }
        return v;
    }

    public int integer(String k, int low, int high) {
        return asInt(k, required(k, "an integer"), low, high);
    }

    public int integer(String k, int defaultValue, int low, int high) {
        Object v = raw(k);
        return v == null ? defaultValue : asInt(k, v, low, high);
    }

    private int asInt(String k, Object v, int low, int high) {
        if (!(v instanceof Integer || v instanceof Long)) {
            throw ConfigException.at(key(k), "expected an integer in [" + low + ", " + high + "], got " + describe(v));
        }
        long n = ((Number) v).longValue();
        if (n < low || n > high) {
            throw ConfigException.at(key(k), "value " + n + " outside the allowed range [" + low + ", " + high + "]");
        }
        return (int) n;
    }

    public long longValue(String k, long defaultValue) {
        Object v = raw(k);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        throw ConfigException.at(key(k), "expected an integer, got " + describe(v));
    }

    public boolean bool(String k, boolean defaultValue) {
        Object v = raw(k);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw ConfigException.at(key(k), "expected true or false, got " + describe(v));
    }

    /** A non-empty list of numbers, each in [low, high). */
    public List<Double> numbers(String k, double low, double high) {
        Object v = required(k, "a list of numbers");
        return numberList(k, v, low, high);
    }

    public List<Double> numbers(String k, List<Double> defaultValue, double low, double high) {
        Object v = raw(k);
        return v == null ? defaultValue : numberList(k, v, low, high);
    }

    private List<Double> numberList(String k, Object v, double low, double high) {
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw ConfigException.at(key(k), "expected a non-empty list of numbers in [" + low + ", " + high
                    + "), got " + describe(v));
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            if (!(e instanceof Number n) || !(n.doubleValue() >= low && n.doubleValue() < high)) {
                throw ConfigException.at(key(k) + "[" + i + "]", "expected a number in [" + low + ", " + high
                        + "), got " + describe(e));
            }
            out.add(n.doubleValue());
        }
        return List.copyOf(out);
    }

    /** A non-empty list of strings. */
    public List<String> strings(String k) {
        Object v = required(k, "a list of strings");
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw ConfigException.at(key(k), "expected a non-empty list of strings, got " + describe(v));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw ConfigException.at(key(k) + "[" + i + "]", "expected a string, got " + describe(list.get(i)));
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** A non-empty list of strings, each one of {@code allowed}. */
    public List<String> choices(String k, Collection<String> allowed) {
        Object v = required(k, "a list of names from " + allowed);
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw ConfigException.at(key(k), "expected a non-empty list of names from " + allowed + ", got "
                    + describe(v));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            if (!(e instanceof String s) || !allowed.contains(s)) {
                throw ConfigException.at(key(k) + "[" + i + "]", "unknown value " + describe(e) + "; allowed: "
                        + allowed);
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** A required nested mapping. */
    public ConfigNode child(String k) {
        return asNode(k, required(k, "a mapping"));
    }

    /** A nested mapping, or an empty one if absent (so its defaults apply). */
    public ConfigNode optionalChild(String k) {
        Object v = raw(k);
        return v == null ? new ConfigNode(key(k), Map.of()) : asNode(k, v);
    }

    @SuppressWarnings("unchecked")
    private ConfigNode asNode(String k, Object v) {
        if (!(v instanceof Map<?, ?> m)) {
            throw ConfigException.at(key(k), "expected a mapping, got " + describe(v));
        }
        return new ConfigNode(key(k), (Map<String, Object>) m);
    }

    /** The mapping's entries as child nodes, in file order (for named sections such as optimizers). */
    public Map<String, ConfigNode> children(String k) {
        ConfigNode parent = child(k);
        if (parent.values.isEmpty()) {
            throw ConfigException.at(key(k), "must name at least one entry");
        }
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        for (String name : parent.values.keySet()) {
            out.put(name, parent.child(name));
        }
        return out;
    }

    /** Fails naming every key of this mapping that no read asked for, and the allowed keys. */
    public void requireNoUnknownKeys() {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            String where = path.isEmpty() ? "the top level" : "'" + path + "'";
            throw new ConfigException("config error: unknown key(s) " + unknown + " in " + where + "; allowed: "
                    + new TreeSet<>(read));
        }
    }

    private static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof String s) {
            return "'" + s + "' (a string)";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list " + v;
        }
        return v + " (" + v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
