package org.cram.experiments.tracking;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The one redaction step for what a run logs about its configuration (the config file artifact and the
 * {@code --set} overrides param): every value under a secret-looking key, and every value equal to a known secret,
 * is replaced by {@value #MARKER}.
 *
 * <ul>
 *   <li><b>Known secrets</b> are the MLflow credentials of this invocation: {@value MlflowCredentials#TOKEN},
 *       {@value MlflowCredentials#USERNAME} and {@value MlflowCredentials#PASSWORD} from the environment and the
 *       credentials file, and the encoded HTTP Basic pair. A value equal to one is replaced whatever its length; a
 *       secret of at least {@value #MIN_EMBEDDED_LENGTH} characters is also replaced inside longer text (a URL, a
 *       YAML comment). Shorter ones are not searched inside text, where they would shred ordinary words.</li>
 *   <li><b>Secret-looking keys</b> contain, as a word ({@code _ - .} and camelCase separate words, case ignored),
 *       one of {@link #SECRET_WORDS} or the word pair {@code api key}, {@code access key} or {@code private key}:
 *       {@code api_token}, {@code db.password}, {@code clientSecret}, {@code credentials}, {@code apiKey} match;
 *       {@code tokenizer} and {@code max_tokens} do not. Everything under such a key is replaced, nested mappings
 *       included.</li>
 * </ul>
 *
 * <p>YAML is redacted in place (comments and layout survive) from SnakeYAML's node positions, so the redacted config
 * still loads. Text that cannot be parsed as YAML is not logged at all.
 */
public final class SecretRedactor {

    /** What replaces a redacted value; a plain YAML scalar, so a redacted config still parses. */
    public static final String MARKER = "<redacted>";
    /** Words that make a key secret-looking. */
    public static final Set<String> SECRET_WORDS = Set.of("token", "password", "passwd", "secret", "credential",
            "credentials", "apikey", "authorization");
    /** Secrets at least this long are also replaced inside longer text. */
    static final int MIN_EMBEDDED_LENGTH = 8;

    private static final Set<List<String>> SECRET_WORD_PAIRS = Set.of(List.of("api", "key"),
            List.of("access", "key"), List.of("private", "key"));
    private static final String UNPARSEABLE = "# config not logged: it could not be parsed to redact secrets\n";
    private static final int MAX_CODE_POINTS = 4 << 20;

    private final List<String> secrets;

    private SecretRedactor(Collection<String> secrets) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s != null && !s.isBlank()) {
                distinct.add(s);
            }
        }
        List<String> sorted = new ArrayList<>(distinct);
        sorted.sort(Comparator.comparingInt(String::length).reversed()); // a secret inside another goes last
        this.secrets = List.copyOf(sorted);
    }

    /** A redactor for these known secret values (blank ones are ignored); secret-looking keys apply regardless. */
    public static SecretRedactor of(Collection<String> secrets) {
        return new SecretRedactor(Objects.requireNonNull(secrets, "secrets"));
    }

    /**
     * The credentials a tracked invocation knows: the credential variables of {@code env} (also when incomplete,
     * e.g. a password without user name) and, if given, those of the credentials file.
     *
     * @throws IllegalArgumentException     for a malformed credentials file (as {@link MlflowCredentials#fromFile})
     * @throws java.io.UncheckedIOException if the credentials file cannot be read
     */
    public static SecretRedactor forInvocation(Map<String, String> env, Optional<Path> credentialsFile) {
        List<String> secrets = new ArrayList<>();
        for (String key : List.of(MlflowCredentials.TOKEN, MlflowCredentials.USERNAME, MlflowCredentials.PASSWORD)) {
            secrets.add(env.get(key));
        }
        try {
            secrets.addAll(MlflowCredentials.fromEnvironment(env).secrets());
        } catch (IllegalArgumentException incomplete) {
            // the raw values above are redacted all the same; the tracker reports the incomplete settings if used
        }
        credentialsFile.ifPresent(f -> secrets.addAll(MlflowCredentials.fromFile(f).secrets()));
        return new SecretRedactor(secrets);
    }

    /** Whether a key (or dotted key path) looks like it holds a secret; see the class comment for the rule. */
    public static boolean looksSecret(String key) {
        List<String> words = words(key);
        for (int i = 0; i < words.size(); i++) {
            if (SECRET_WORDS.contains(words.get(i))) {
                return true;
            }
            if (i + 1 < words.size() && SECRET_WORD_PAIRS.contains(words.subList(i, i + 2))) {
                return true;
            }
        }
        return false;
    }

    /** The value, redacted: {@value #MARKER} if the key looks secret or the value is a secret, else with secrets
     * embedded in it replaced. */
    public String value(String key, String value) {
        if (value == null) {
            return null;
        }
        return looksSecret(key) ? MARKER : text(value);
    }

    /** A {@code key.path=value} override with its value redacted (text without {@code =} as free text). */
    public String override(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            return text(override);
        }
        String key = override.substring(0, eq);
        return text(key) + "=" + value(key, override.substring(eq + 1));
    }

    /** Free text: {@value #MARKER} if it is a secret, else with embedded secrets replaced. */
    public String text(String text) {
        if (text == null) {
            return null;
        }
        if (secrets.contains(text) || secrets.contains(text.strip())) {
            return MARKER;
        }
        String out = text;
        for (String s : secrets) {
            if (s.length() >= MIN_EMBEDDED_LENGTH) {
                out = out.replace(s, MARKER);
            }
        }
        return out;
    }

    /**
     * A YAML document with the value of every secret-looking key and every scalar equal to a secret replaced in
     * place, then embedded secrets replaced anywhere (comments included). Unparseable text gives a YAML comment
     * saying the config was not logged.
     */
    public String yaml(String yaml) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(MAX_CODE_POINTS);
            options.setAllowDuplicateKeys(true);
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (RuntimeException unparseable) {
            return UNPARSEABLE;
        }
        List<int[]> spans = new ArrayList<>();
        if (root != null) {
            collect(root, spans, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        spans.sort(Comparator.comparingInt(s -> s[0]));
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int[] span : spans) {
            int start = yaml.offsetByCodePoints(0, span[0]);
            int end = yaml.offsetByCodePoints(0, span[1]);
            while (end > start && Character.isWhitespace(yaml.charAt(end - 1))) {
                end--;
            }
            if (start < at || end <= start) { // inside a span already replaced, or empty (a null value)
                continue;
            }
            out.append(yaml, at, start).append(MARKER);
            at = end;
        }
        out.append(yaml, at, yaml.length());
        String replaced = out.toString();
        for (String s : secrets) {
            if (s.length() >= MIN_EMBEDDED_LENGTH) {
                replaced = replaced.replace(s, MARKER);
            }
        }
        return replaced;
    }

    private void collect(Node node, List<int[]> spans, Set<Node> seen) {
        if (!seen.add(node)) {
            return;
        }
        if (node instanceof ScalarNode scalar) {
            if (secrets.contains(scalar.getValue())) {
                spans.add(span(node));
            }
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(n -> collect(n, spans, seen));
        } else if (node instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key && looksSecret(key.getValue())) {
                    spans.add(span(t.getValueNode()));
                } else {
                    collect(t.getKeyNode(), spans, seen);
                    collect(t.getValueNode(), spans, seen);
                }
            }
        }
    }

    private static int[] span(Node node) {
        return new int[] {node.getStartMark().getIndex(), node.getEndMark().getIndex()};
    }

    /** Lower-case words of a key: split at anything not a letter or digit and at camelCase humps. */
    private static List<String> words(String key) {
        List<String> words = new ArrayList<>();
        for (String part : key.split("[^\\p{L}\\p{N}]+")) {
            for (String w : part.split("(?<=\\p{Ll})(?=\\p{Lu})")) {
                if (!w.isEmpty()) {
                    words.add(w.toLowerCase(Locale.ROOT));
                }
            }
        }
        return words;
    }
}
