package org.cram.models.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed JSON value with its path from the root ({@code $.data[0].title}), for typed access whose errors name the
 * source and the path, e.g. {@code "train.json: $.data[3].paragraphs[0]: missing member 'context'"}.
 */
public final class JsonNode {
    private final Object value;
    private final String path;
    private final String source;

    private JsonNode(Object value, String path, String source) {
        this.value = value;
        this.path = path;
        this.source = source;
    }

    /** The root of a value from {@link Json#parse}. */
    public static JsonNode root(Object value, String source) {
        return new JsonNode(value, "$", source);
    }

    /** This value's JSON path. */
    public String path() {
        return path;
    }

    /** What the JSON came from (a file name), for errors. */
    public String source() {
        return source;
    }

    /** The raw parsed value. */
    public Object value() {
        return value;
    }

    /** Whether the value is JSON null. */
    public boolean isNull() {
        return value == null;
    }

    /** Whether the value is an object. */
    public boolean isObject() {
        return value instanceof Map;
    }

    /** Whether the value is an array. */
    public boolean isArray() {
        return value instanceof List;
    }

    /** Whether the value is a string. */
    public boolean isString() {
        return value instanceof String;
    }

    /** A required member of an object. */
    public JsonNode get(String key) {
        Map<String, Object> m = object();
        if (!m.containsKey(key)) {
            throw error("missing member '" + key + "'");
        }
        return new JsonNode(m.get(key), path + "." + key, source);
    }

    /** An optional member of an object (absent or JSON null give empty). */
    public Optional<JsonNode> find(String key) {
        Object v = object().get(key);
        return v == null ? Optional.empty() : Optional.of(new JsonNode(v, path + "." + key, source));
    }

    /** The member names of an object, in document order. */
    public Set<String> keys() {
        return object().keySet();
    }

    /** The elements of an array. */
    public List<JsonNode> elements() {
        if (!(value instanceof List<?> list)) {
            throw error("expected an array, found " + kind());
        }
        List<JsonNode> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(new JsonNode(list.get(i), path + "[" + i + "]", source));
        }
        return out;
    }

    /** The value as a string; an error if it is not one. */
    public String asString() {
        if (!(value instanceof String s)) {
            throw error("expected a string, found " + kind());
        }
        return s;
    }

    /** The value as a boolean; an error if it is not one. */
    public boolean asBoolean() {
        if (!(value instanceof Boolean b)) {
            throw error("expected true or false, found " + kind());
        }
        return b;
    }

    /** The value as a number; an error if it is not one. */
    public double asDouble() {
        if (!(value instanceof Number n)) {
            throw error("expected a number, found " + kind());
        }
        return n.doubleValue();
    }

    /** The value as an integer (no fraction or exponent); an error otherwise. */
    public long asLong() {
        if (!(value instanceof Long l)) {
            throw error("expected an integer, found " + kind());
        }
        return l;
    }

    /** An integer within int range. */
    public int asInt() {
        long l = asLong();
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw error("integer " + l + " out of range");
        }
        return (int) l;
    }

    /** An exception naming the source and this path. */
    public JsonException error(String message) {
        return new JsonException(source + ": " + path + ": " + message);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object() {
        if (!(value instanceof Map<?, ?>)) {
            throw error("expected an object, found " + kind());
        }
        return (Map<String, Object>) value;
    }

    /** What the value is, with scalars shown (strings abbreviated). */
    private String kind() {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String str) {
            return "a string \"" + (str.length() > 40 ? str.substring(0, 40) + "..." : str) + "\"";
        }
        if (value instanceof Boolean) {
            return "a boolean " + value;
        }
        return (value instanceof Long ? "an integer " : "a number ") + value;
    }
}
