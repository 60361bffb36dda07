package org.cram.experiments.tracking;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cram.api.track.RunTracker;

/**
 * Chooses and opens the tracker for a tracking URI, like MLflow's clients do: the URI is the explicit argument
 * ({@link #withUri}), else {@value #TRACKING_URI} from the environment, else the folder {@code ./mlruns}.
 *
 * <ul>
 *   <li>a folder path or {@code file:} URI ({@code file:///abs/mlruns}, {@code file:./mlruns}) opens a
 *       {@link FileStoreTracker} there;</li>
 *   <li>{@code http://} or {@code https://} opens a {@link RestTracker}, with credentials from the environment
 *       ({@value MlflowCredentials#TOKEN}, or {@value MlflowCredentials#USERNAME} and
 *       {@value MlflowCredentials#PASSWORD}) or from a credentials file ({@link #withCredentialsFile}), and
 *       {@value RestTracker#ALLOW_INSECURE_CREDENTIALS} read from the environment;</li>
 *   <li>any other scheme ({@code databricks}, {@code sqlite:} ...) is an {@link IllegalArgumentException}.</li>
 * </ul>
 *
 * <p>The environment is passed in as a map ({@code System.getenv()} in programs), so tests need no real variables.
 * Instances are immutable.
 */
public final class TrackerFactory {

    /** Environment variable with the tracking URI. */
    public static final String TRACKING_URI = "MLFLOW_TRACKING_URI";
    /** The store used when no URI is given. */
    public static final String DEFAULT_STORE = "mlruns";

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):.*", Pattern.DOTALL);

    private final Map<String, String> env;
    private final String uri;
    private final Path credentialsFile;
    private final Map<String, String> defaultTags;

    private TrackerFactory(Map<String, String> env, String uri, Path credentialsFile, Map<String, String> tags) {
        this.env = env;
        this.uri = uri;
        this.credentialsFile = credentialsFile;
        this.defaultTags = tags;
    }

    /** A factory reading {@value #TRACKING_URI}, credentials and flags from this environment. */
    public static TrackerFactory forEnvironment(Map<String, String> env) {
        return new TrackerFactory(Map.copyOf(Objects.requireNonNull(env, "env")), null, null, Map.of());
    }

    /** A factory over {@code System.getenv()}. */
    public static TrackerFactory fromSystemEnvironment() {
        return forEnvironment(System.getenv());
    }

    /** Uses this URI (a folder, {@code file:} or {@code http(s)://}); {@code null} or blank means "not given". */
    public TrackerFactory withUri(String trackingUri) {
        return new TrackerFactory(env, trackingUri == null || trackingUri.isBlank() ? null : trackingUri.strip(),
                credentialsFile, defaultTags);
    }

    /** Reads server credentials from this file (one {@code KEY=VALUE} per line) instead of the environment. */
    public TrackerFactory withCredentialsFile(Path file) {
        return new TrackerFactory(env, uri, Objects.requireNonNull(file, "file"), defaultTags);
    }

    /** Tags set on every run (e.g. {@value MlflowTags#GIT_COMMIT}). */
    public TrackerFactory withDefaultTags(Map<String, String> tags) {
        return new TrackerFactory(env, uri, credentialsFile, Map.copyOf(tags));
    }

    /** Where runs would go, without opening anything. */
    public TrackingTarget target() {
        String chosen = uri;
        if (chosen == null) {
            String fromEnv = env.get(TRACKING_URI);
            chosen = fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
        }
        if (chosen == null) {
            return new TrackingTarget.FileStore(Path.of(DEFAULT_STORE).toAbsolutePath().normalize());
        }
        return parse(chosen);
    }

    /**
     * Opens the tracker for {@link #target()}.
     *
     * @throws IllegalArgumentException for an unsupported URI or bad credential settings
     * @throws MlflowServerException    if a tracking server is unreachable or not MLflow (checked now)
     */
    public RunTracker open() {
        TrackingTarget target = target();
        if (target instanceof TrackingTarget.FileStore) {
            return FileStoreTracker.open(((TrackingTarget.FileStore) target).root(), defaultTags);
        }
        String server = ((TrackingTarget.Server) target).uri();
        MlflowCredentials credentials = credentialsFile != null
                ? MlflowCredentials.fromFile(credentialsFile)
                : MlflowCredentials.fromEnvironment(env);
        return RestTracker.builder(server)
                .credentials(credentials)
                .allowInsecureCredentials(RestTracker.flag(env, RestTracker.ALLOW_INSECURE_CREDENTIALS))
                .defaultTags(defaultTags)
                .open();
    }

    private static TrackingTarget parse(String text) {
        Matcher scheme = SCHEME.matcher(text);
        if (!scheme.matches()) { // a plain path (a one-letter "scheme" is a Windows drive)
            return fileStore(text, text);
        }
        String name = scheme.group(1).toLowerCase(Locale.ROOT);
        switch (name) {
            case "http":
            case "https":
                return new TrackingTarget.Server(ServerUri.parse(text).base());
            case "file":
                return fileUri(text);
            default:
                throw new IllegalArgumentException("unsupported MLflow tracking URI scheme '" + name + ":' in "
                        + TRACKING_URI + " or the argument; use a folder or file: URI for the embedded file store,"
                        + " or http(s)://host:port for an MLflow tracking server (e.g. mlflow server"
                        + " --backend-store-uri " + name + ":... serves that store over http)");
        }
    }

    private static TrackingTarget fileUri(String text) {
        String rest = text.substring("file:".length());
        if (!rest.startsWith("//")) { // file:./mlruns, file:/abs/mlruns
            return fileStore(rest, text);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid file URI '" + text + "': " + e.getReason());
        }
        String host = uri.getAuthority();
        if (host != null && !host.equalsIgnoreCase("localhost")) {
            throw new IllegalArgumentException("file URI '" + text + "' names host '" + host
                    + "'; only local folders are supported (file:///path/to/mlruns)");
        }
        return fileStore(uri.getPath() == null ? "" : uri.getPath(), text);
    }

    private static TrackingTarget fileStore(String path, String original) {
        if (path.isBlank()) {
            throw new IllegalArgumentException("tracking URI '" + original + "' has an empty path");
        }
        try {
            return new TrackingTarget.FileStore(Path.of(path).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid file store path '" + original + "': " + e.getReason());
        }
    }
}
