package org.cram.experiments.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * MLflow's rules for metric, param and tag keys, and for artifact paths. A key that breaks them is an
 * {@link IllegalArgumentException} whose message names the key and the rule.
 *
 * <p>Keys: ASCII alphanumerics, underscores, dashes, periods, spaces and slashes; at most {@value #MAX_KEY_LENGTH}
 * characters; relative (no leading {@code /}); no empty, {@code .} or {@code ..} path segments (MLflow rejects any
 * key its {@code posixpath.normpath} would change, and any key starting with {@code ..}). This is slightly stricter
 * than MLflow, which also accepts non-ASCII word characters.
 */
public final class MlflowKeys {

    /** MLflow's {@code MAX_ENTITY_KEY_LENGTH}. */
    public static final int MAX_KEY_LENGTH = 250;

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_\\-. /]*");

    private MlflowKeys() {
    }

    /**
     * Checks a metric, param or tag key.
     *
     * @param kind what the key names, for the message ("metric", "param", "tag")
     * @return the key, unchanged
     * @throws IllegalArgumentException naming the key and the broken rule
     */
    public static String validate(String kind, String key) {
        if (key == null) {
            throw new IllegalArgumentException(kind + " key must not be null");
        }
        if (key.isEmpty()) {
            throw bad(kind, key, "must not be empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw bad(kind, key, "is " + key.length() + " characters long; at most " + MAX_KEY_LENGTH + " are allowed");
        }
        if (!ALLOWED.matcher(key).matches()) {
            throw bad(kind, key, "may only contain alphanumerics, underscores (_), dashes (-), periods (.), "
                    + "spaces ( ) and slashes (/)");
        }
        if (key.startsWith("/")) {
            throw bad(kind, key, "must be relative (no leading '/')");
        }
        if (key.startsWith("..")) {
            throw bad(kind, key, "must not start with '..'");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..")) {
                throw bad(kind, key, "must not contain a '..' path segment");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                throw bad(kind, key, "must not contain empty or '.' path segments ('//', '/./' or a trailing '/')");
            }
        }
        return key;
    }

    /**
     * Checks and normalises an artifact path (a folder under the run's {@code artifacts/}).
     *
     * @param path relative path with {@code /} separators; {@code null}, empty or {@code .} mean the artifacts root
     * @return the path without empty or {@code .} segments ("" for the root)
     * @throws IllegalArgumentException if the path is absolute, contains a backslash or a {@code ..} segment
     */
    public static String validateArtifactPath(String path) {
        if (path == null || path.isEmpty()) {
            return "";
        }
        if (path.startsWith("/") || path.matches("^[A-Za-z]:.*")) {
            throw new IllegalArgumentException("invalid artifact path '" + path + "': must be relative");
        }
        if (path.indexOf('\\') >= 0) {
            throw new IllegalArgumentException(
                    "invalid artifact path '" + path + "': use '/' as separator, not '\\'");
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid artifact path '" + path + "': contains a NUL character");
        }
        List<String> kept = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw new IllegalArgumentException(
                        "invalid artifact path '" + path + "': must not contain a '..' segment");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                kept.add(segment);
            }
        }
        return String.join("/", kept);
    }

    /**
     * Checks a run name: at most {@value #MAX_KEY_LENGTH} characters (MLflow's limit) and no control characters
     * (a line break would be a second line in meta.yaml and in the tag file).
     *
     * @return the name, unchanged ({@code null} or blank names are the caller's default)
     * @throws IllegalArgumentException naming the run name and the broken rule
     */
    public static String validateRunName(String name) {
        if (name == null || name.isBlank()) {
            return name;
        }
        if (name.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("invalid run name '" + name.substring(0, 80) + "...': is "
                    + name.length() + " characters long; at most " + MAX_KEY_LENGTH + " are allowed");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException("invalid run name '" + name.replaceAll("\\p{Cntrl}", "?")
                        + "': must not contain control characters (found U+"
                        + String.format("%04X", (int) name.charAt(i)) + " at index " + i + ")");
            }
        }
        return name;
    }

    private static IllegalArgumentException bad(String kind, String key, String rule) {
        String shown = key.length() > 80 ? key.substring(0, 80) + "..." : key;
        return new IllegalArgumentException("invalid " + kind + " key '" + shown + "': " + rule);
    }
}
