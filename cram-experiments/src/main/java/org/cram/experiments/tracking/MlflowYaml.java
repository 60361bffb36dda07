package org.cram.experiments.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes and reads the flat {@code meta.yaml} files of MLflow's file store, by hand: one {@code key: value} line per
 * entry, keys in alphabetical order (as PyYAML's {@code safe_dump} sorts them).
 *
 * <p>Values: {@code null} is written as {@code null}; numbers as plain digits; an empty list as {@code []}; strings
 * plain when YAML would read them back as the same string, otherwise single-quoted (so {@code experiment_id: '123'}
 * and {@code entry_point_name: ''} come out as MLflow writes them), and double-quoted with escapes if they hold
 * control characters such as newlines.
 *
 * <p>The reader understands the same subset plus PyYAML's folding of long values onto indented continuation lines.
 * It returns every value as a string (YAML {@code null}, {@code ~} or nothing as Java {@code null}).
 */
public final class MlflowYaml {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./:\\- ]*");
    private static final Set<String> RESERVED = Set.of(
            "y", "n", "yes", "no", "true", "false", "on", "off", "null");
    private static final Pattern LINE = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*):(?:[ \\t]+(.*))?$");

    private MlflowYaml() {
    }

    /**
     * Renders entries as a meta.yaml document, keys sorted alphabetically.
     *
     * @param entries values may be {@code null}, a {@link Number}, a {@link String} or an empty {@link List}
     */
    public static String write(Map<String, ?> entries) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, ?> e : new TreeMap<>(entries).entrySet()) {
            out.append(e.getKey()).append(": ").append(value(e.getKey(), e.getValue())).append('\n');
        }
        return out.toString();
    }

    /** Parses a document written by {@link #write} or by MLflow. Keys keep their order. */
    public static Map<String, String> parse(String text) {
        Map<String, String> raw = new LinkedHashMap<>();
        String lastKey = null;
        for (String line : text.split("\r?\n")) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && lastKey != null) {
                String previous = raw.get(lastKey);
                raw.put(lastKey, previous.isEmpty() ? line.strip() : previous + " " + line.strip());
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a 'key: value' line in MLflow meta.yaml: " + line);
            }
            lastKey = m.group(1);
            raw.put(lastKey, m.group(2) == null ? "" : m.group(2).strip());
        }
        Map<String, String> decoded = new LinkedHashMap<>();
        raw.forEach((k, v) -> decoded.put(k, decode(v)));
        return decoded;
    }

    /** Reads and parses a meta.yaml file. */
    public static Map<String, String> read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MLflow meta file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes entries to {@code file} atomically (temp file in the same folder, then an atomic rename). */
    public static void writeAtomically(Path file, Map<String, ?> entries) {
        AtomicFiles.write(file, write(entries), file.getParent());
    }

    /** The YAML form of one string, quoted only when needed. */
    public static String scalar(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        if (needsDoubleQuotes(s)) {
            return doubleQuoted(s);
        }
        boolean plain = PLAIN.matcher(s).matches()
                && !s.endsWith(" ")
                && !s.endsWith(":")
                && !s.contains(": ")
                && !RESERVED.contains(s.toLowerCase(Locale.ROOT));
        return plain ? s : "'" + s.replace("'", "''") + "'";
    }

    private static String value(String key, Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return v.toString();
        }
        if (v instanceof String s) {
            return scalar(s);
        }
        if (v instanceof List<?> list && list.isEmpty()) {
            return "[]";
        }
        throw new IllegalArgumentException("unsupported meta.yaml value for '" + key + "': " + v);
    }

    private static boolean needsDoubleQuotes(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029' || c == '\ufeff') {
                return true;
            }
        }
        return false;
    }

    private static String doubleQuoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029' || c == '\ufeff') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String decode(String v) {
        if (v.isEmpty() || v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL")) {
            return null;
        }
        if (v.startsWith("'") && v.endsWith("'") && v.length() >= 2) {
            return v.substring(1, v.length() - 1).replace("''", "'");
        }
        if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) {
            return unescape(v.substring(1, v.length() - 1));
        }
        return v;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                b.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case '0' -> b.append('\0');
                case 'x' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                case 'U' -> {
                    b.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 9), 16));
                    i += 8;
                }
                default -> b.append(e); // \\, \", \/ and anything else: the character itself
            }
        }
        return b.toString();
    }
}
