package org.cram.compress;

import java.util.regex.Pattern;

/**
 * A parameter-name pattern: {@code *} matches any run of characters (dots included), {@code ?} one character,
 * everything else itself. A pattern without wildcards is an exact name.
 */
record Glob(String pattern, Pattern regex) {

    static Glob of(String pattern) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                re.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        re.append(Pattern.quote(literal.toString()));
        return new Glob(pattern, Pattern.compile(re.toString()));
    }

    boolean matches(String name) {
        return regex.matcher(name).matches();
    }
}
