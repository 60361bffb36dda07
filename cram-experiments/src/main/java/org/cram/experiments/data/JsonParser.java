package org.cram.experiments.data;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) parser for one value in a string, JDK only. Objects become unmodifiable
 * {@code Map<String, Object>}s in document order, arrays unmodifiable {@code List<Object>}s, strings
 * {@code String}s, numbers {@link BigDecimal}s, {@code true}/{@code false} {@code Boolean}s and {@code null} Java
 * {@code null}. Rejected: trailing commas, comments, single quotes, leading zeros, unescaped control characters,
 * lone surrogate escapes, duplicate keys, anything after the value, and nesting deeper than {@value #MAX_DEPTH}.
 */
final class JsonParser {
    /** Thrown with the 1-based column of the problem. */
    static final class JsonException extends Exception {
        private final int column;

        JsonException(String message, int column) {
            super(message + " at column " + column);
            this.column = column;
        }

        int column() {
            return column;
        }
    }

    static final int MAX_DEPTH = 256;

    private final String s;
    private int pos;
    private int depth;

    private JsonParser(String s) {
        this.s = s;
    }

    /** Parses {@code text}, which must hold exactly one JSON value (surrounding white space allowed). */
    static Object parse(String text) throws JsonException {
        JsonParser p = new JsonParser(text);
        p.skipWhitespace();
        Object value = p.value();
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "' after the JSON value");
        }
        return value;
    }

    private Object value() throws JsonException {
        if (pos >= s.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = s.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected '" + c + "', expected a value");
            }
        };
    }

    private Map<String, Object> object() throws JsonException {
        enter();
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            int keyColumn = pos + 1;
            String key = string();
            if (map.containsKey(key)) {
                throw new JsonException("duplicate key \"" + key + "\"", keyColumn);
            }
            skipWhitespace();
            expect(':');
            skipWhitespace();
            map.put(key, value());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                depth--;
                return Collections.unmodifiableMap(map);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' in object");
            }
        }
    }

    private List<Object> array() throws JsonException {
        enter();
        pos++;
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipWhitespace();
            list.add(value());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                depth--;
                return Collections.unmodifiableList(list);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' in array");
            }
        }
    }

    private String string() throws JsonException {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("unescaped control character U+" + String.format("%04X", (int) c) + " in string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= s.length()) {
                throw error("unterminated escape");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape());
                default -> {
                    pos--;
                    throw error("invalid escape '\\" + e + "'");
                }
            }
        }
    }

    /** After {@code \\u}: one BMP character, or a surrogate pair written as two escapes. */
    private String unicodeEscape() throws JsonException {
        char high = hex4();
        if (Character.isLowSurrogate(high)) {
            throw error("lone low surrogate \\u" + String.format("%04X", (int) high));
        }
        if (!Character.isHighSurrogate(high)) {
            return String.valueOf(high);
        }
        if (!s.startsWith("\\u", pos)) {
            throw error("high surrogate \\u" + String.format("%04X", (int) high) + " not followed by a low one");
        }
        pos += 2;
        char low = hex4();
        if (!Character.isLowSurrogate(low)) {
            throw error("high surrogate \\u" + String.format("%04X", (int) high) + " not followed by a low one");
        }
        return new String(new char[] {high, low});
    }

    private char hex4() throws JsonException {
        if (pos + 4 > s.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos + i), 16);
            if (d < 0) {
                throw error("invalid hex digit in \\u escape");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private BigDecimal number() throws JsonException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (Character.isDigit(peek())) {
                throw error("leading zero in number");
            }
        } else if (!digits()) {
            throw error("expected a digit");
        }
        if (peek() == '.') {
            pos++;
            if (!digits()) {
                throw error("expected a digit after the decimal point");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!digits()) {
                throw error("expected a digit in the exponent");
            }
        }
        try {
            return new BigDecimal(s.substring(start, pos));
        } catch (NumberFormatException e) {
            throw new JsonException("number out of range: " + s.substring(start, pos), start + 1);
        }
    }

    private boolean digits() {
        int start = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }

    private Object literal(String word, Object value) throws JsonException {
        if (!s.startsWith(word, pos)) {
            throw error("invalid literal, expected " + word);
        }
        pos += word.length();
        return value;
    }

    private void enter() throws JsonException {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
    }

    private void expect(char c) throws JsonException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** The current character, or {@code '\0'} at the end (never a valid token start where it matters). */
    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private JsonException error(String message) {
        return new JsonException(message, pos + 1);
    }
}
