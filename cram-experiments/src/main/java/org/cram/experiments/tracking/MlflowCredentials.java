package org.cram.experiments.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.mlflow.tracking.creds.MlflowHostCredsProvider;

/**
 * Credentials for an MLflow tracking server: a bearer token ({@value #TOKEN}) or a user name and password
 * ({@value #USERNAME}, {@value #PASSWORD}; HTTP Basic), as MLflow's own clients read them. When both are set, user
 * name and password win, like MLflow's Python client.
 *
 * <p>The secrets never leave this object except in the {@code Authorization} header of requests: {@link #toString()}
 * shows only the scheme, and every message built here names variables, never values.
 */
public final class MlflowCredentials {

    /** Environment variable holding a bearer token. */
    public static final String TOKEN = "MLFLOW_TRACKING_TOKEN";
    /** Environment variable holding the user name for HTTP Basic authentication. */
    public static final String USERNAME = "MLFLOW_TRACKING_USERNAME";
    /** Environment variable holding the password for HTTP Basic authentication. */
    public static final String PASSWORD = "MLFLOW_TRACKING_PASSWORD";

    /** Secrets shorter than this are not searched for when redacting messages (they would shred ordinary text). */
    private static final int MIN_REDACTED_LENGTH = 4;
    private static final System.Logger LOG = System.getLogger(MlflowCredentials.class.getName());
    private static final MlflowCredentials NONE = new MlflowCredentials(null, null, null);

    private final String token;
    private final String username;
    private final String password;

    private MlflowCredentials(String token, String username, String password) {
        this.token = token;
        this.username = username;
        this.password = password;
    }

    /** No credentials: requests carry no {@code Authorization} header. */
    public static MlflowCredentials none() {
        return NONE;
    }

    /** A bearer token. */
    public static MlflowCredentials bearer(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("bearer token must not be blank");
        }
        return new MlflowCredentials(token, null, null);
    }

    /** A user name and password for HTTP Basic authentication. */
    public static MlflowCredentials basic(String username, String password) {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("user name must not be blank");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("password must not be empty");
        }
        if (username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("user name must not contain ':' (HTTP Basic authentication)");
        }
        return new MlflowCredentials(null, username, password);
    }

    /**
     * Reads {@value #TOKEN}, {@value #USERNAME} and {@value #PASSWORD} from an environment (blank values count as
     * unset).
     *
     * @throws IllegalArgumentException if only one of user name and password is set
     */
    public static MlflowCredentials fromEnvironment(Map<String, String> env) {
        return fromSettings(env, "the environment");
    }

    /**
     * Reads the same keys from a file with one {@code KEY=VALUE} per line; blank lines and lines starting with
     * {@code #} are skipped. Other keys are an error (a misspelt key would otherwise silently send no credentials).
     * A file that others may read is accepted with a warning.
     *
     * @throws IllegalArgumentException naming the file and line (never its contents) for a malformed line
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static MlflowCredentials fromFile(Path file) {
        Objects.requireNonNull(file, "file");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MLflow credentials file " + file, e);
        }
        warnIfReadableByOthers(file);
        Map<String, String> settings = new HashMap<>();
        List<String> known = List.of(TOKEN, USERNAME, PASSWORD);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("line " + (i + 1) + " of MLflow credentials file " + file
                        + " is not KEY=VALUE");
            }
            String key = line.substring(0, eq).strip();
            if (!known.contains(key)) {
                String shown = key.matches("[A-Za-z0-9_]{1,64}") ? "'" + key + "'" : "(not shown)";
                throw new IllegalArgumentException("unknown key " + shown + " on line " + (i + 1)
                        + " of MLflow credentials file " + file + "; expected " + String.join(", ", known));
            }
            settings.put(key, line.substring(eq + 1).strip());
        }
        return fromSettings(settings, "credentials file " + file);
    }

    private static MlflowCredentials fromSettings(Map<String, String> settings, String source) {
        String token = blankToNull(settings.get(TOKEN));
        String username = blankToNull(settings.get(USERNAME));
        String password = blankToNull(settings.get(PASSWORD));
        if (username != null && password == null) {
            throw new IllegalArgumentException(USERNAME + " is set in " + source + " but " + PASSWORD
                    + " is not; set both for HTTP Basic authentication (or neither)");
        }
        if (password != null && username == null) {
            throw new IllegalArgumentException(PASSWORD + " is set in " + source + " but " + USERNAME
                    + " is not; set both for HTTP Basic authentication (or neither)");
        }
        if (username != null) {
            return basic(username, password);
        }
        return token != null ? bearer(token) : NONE;
    }

    /** Whether requests carry an {@code Authorization} header. */
    public boolean isPresent() {
        return token != null || username != null;
    }

    /** {@code "Basic"}, {@code "Bearer"} or {@code "none"}. */
    public String scheme() {
        if (username != null) {
            return "Basic";
        }
        return token != null ? "Bearer" : "none";
    }

    /** The value of the {@code Authorization} header, if any. */
    Optional<String> authorizationHeader() {
        if (username != null) {
            String pair = username + ":" + password;
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return token != null ? Optional.of("Bearer " + token) : Optional.empty();
    }

    /** The MLflow Java client's view of these credentials for a server base URI. */
    MlflowHostCredsProvider hostCreds(String host) {
        if (username != null) {
            return new BasicMlflowHostCreds(host, username, password);
        }
        return token != null ? new BasicMlflowHostCreds(host, token) : new BasicMlflowHostCreds(host);
    }

    /** The text with every secret (and the encoded Basic pair) replaced by {@code ***}. */
    String redact(String text) {
        if (text == null || !isPresent()) {
            return text;
        }
        String out = text;
        for (String secret : secrets()) {
            if (secret.length() >= MIN_REDACTED_LENGTH) {
                out = out.replace(secret, "***");
            }
        }
        return out;
    }

    /** The values that must never be logged: the encoded Basic pair, token, password and user name (if set). */
    List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        authorizationHeader().ifPresent(h -> secrets.add(h.substring(h.indexOf(' ') + 1)));
        for (String s : new String[] {token, password, username}) {
            if (s != null) {
                secrets.add(s);
            }
        }
        return secrets;
    }

    @Override
    public String toString() {
        return "MlflowCredentials[" + scheme() + (isPresent() ? " ***" : "") + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.log(Level.WARNING, "MLflow credentials file " + file
                        + " can be read by other users; consider chmod 600");
            }
        } catch (UnsupportedOperationException | IOException notPosix) {
            // no POSIX permissions to check (e.g. Windows)
        }
    }
}
