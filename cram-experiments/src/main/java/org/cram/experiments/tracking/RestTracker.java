package org.cram.experiments.tracking;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.cram.api.track.RunTracker;
import org.cram.api.track.TrackedRun;
import org.mlflow.api.proto.Service;

/**
 * A tracker that records runs on an MLflow tracking server ({@code http(s)://}) through the MLflow Java client, with
 * artifacts uploaded to the server's artifact service. Build one with {@link #builder(String)} (or let
 * {@link TrackerFactory} choose between this and the {@link FileStoreTracker}).
 *
 * <p>{@link Builder#open()} checks the server with one cheap request (short connect timeout) and fails at once,
 * naming the URI and what to check, if it is unreachable, refuses the credentials or is not MLflow. Credentials are
 * sent on every request; they are refused for plain {@code http://} to a host other than loopback unless
 * explicitly allowed ({@value #ALLOW_INSECURE_CREDENTIALS}).
 *
 * <p>Runs get the same tags as in the file store: {@value MlflowTags#RUN_NAME}, {@value MlflowTags#USER},
 * {@value MlflowTags#SOURCE_NAME}, {@value MlflowTags#SOURCE_TYPE} ({@code LOCAL}), {@value MlflowTags#PARENT_RUN_ID}
 * when nested, and the tracker's default tags (system tags win). Experiments are found by name and created if
 * missing (once per tracker; a concurrent creation elsewhere is tolerated). Buffered metrics of all open runs are
 * sent every {@linkplain Builder#flushInterval(Duration) flush interval}. {@link #close()} and a JVM shutdown hook end open runs
 * FAILED.
 */
public final class RestTracker implements RunTracker {

    /** Environment variable that allows credentials over plain http to a non-loopback host ({@code true}). */
    public static final String ALLOW_INSECURE_CREDENTIALS = "MLFLOW_ALLOW_INSECURE_CREDENTIALS";

    private static final System.Logger LOG = System.getLogger(RestTracker.class.getName());

    private final ServerUri server;
    private final MlflowCredentials credentials;
    private final MlflowRestCalls calls;
    private final ArtifactUploader uploader;
    private final Clock clock;
    private final String user;
    private final String sourceName;
    private final Map<String, String> defaultTags;
    private final Map<String, String> experimentIds = new ConcurrentHashMap<>();
    private final Set<RestRun> openRuns = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService flusher;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private RestTracker(Builder b, ServerUri server, MlflowRestCalls calls, ArtifactUploader uploader) {
        this.server = server;
        this.credentials = b.credentials;
        this.calls = calls;
        this.uploader = uploader;
        this.clock = b.clock;
        this.user = b.user;
        this.sourceName = b.sourceName;
        this.defaultTags = b.defaultTags;
        this.flusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "mlflow-metric-flush");
            t.setDaemon(true);
            return t;
        });
        long every = b.flushInterval.toMillis();
        flusher.scheduleWithFixedDelay(this::flushOpenRuns, every, every, TimeUnit.MILLISECONDS);
        this.shutdownHook = new Thread(this::failOpenRuns, "mlflow-rest-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A builder for a tracker on the server at {@code serverUri} ({@code http://} or {@code https://}). */
    public static Builder builder(String serverUri) {
        return new Builder(serverUri);
    }

    /** The server's base URI (never with credentials). */
    public String serverUri() {
        return server.base();
    }

    /**
     * The id of the named experiment, created if missing.
     *
     * @throws IllegalStateException if the experiment exists but is deleted
     * @throws MlflowServerException if the server fails
     */
    public String experimentId(String experimentName) {
        checkNotClosed();
        if (experimentName == null || experimentName.isBlank()) {
            throw new IllegalArgumentException("experiment name must not be blank");
        }
        String known = experimentIds.get(experimentName);
        if (known != null) {
            return known;
        }
        synchronized (experimentIds) {
            known = experimentIds.get(experimentName);
            if (known != null) {
                return known;
            }
            String id = findOrCreate(experimentName);
            experimentIds.put(experimentName, id);
            return id;
        }
    }

    /** Starts a top-level run. */
    public RestRun startRun(String experimentName, String runName) {
        return startRun(experimentName, runName, Optional.empty());
    }

    /**
     * Starts a run ({@code runs/create} with the run name, start time and all system and default tags).
     *
     * @param runName blank or {@code null} to let the server choose a name
     */
    @Override
    public RestRun startRun(String experimentName, String runName, Optional<String> parentRunId) {
        checkNotClosed();
        Objects.requireNonNull(parentRunId, "parentRunId (use Optional.empty())");
        if (parentRunId.isPresent() && parentRunId.get().isBlank()) {
            throw new IllegalArgumentException("parent run id must not be blank (use Optional.empty())");
        }
        String experimentId = experimentId(experimentName);
        boolean named = runName != null && !runName.isBlank();
        Map<String, String> tags = new LinkedHashMap<>(defaultTags);
        if (named) {
            tags.put(MlflowTags.RUN_NAME, runName);
        }
        tags.put(MlflowTags.USER, user);
        tags.put(MlflowTags.SOURCE_NAME, sourceName);
        tags.put(MlflowTags.SOURCE_TYPE, "LOCAL");
        parentRunId.ifPresent(parent -> tags.put(MlflowTags.PARENT_RUN_ID, parent));
        Service.CreateRun.Builder request = Service.CreateRun.newBuilder()
                .setExperimentId(experimentId)
                .setUserId(user)
                .setStartTime(clock.millis());
        if (named) {
            request.setRunName(runName);
        }
        tags.forEach((k, v) -> request.addTags(Service.RunTag.newBuilder().setKey(k).setValue(v).build()));
        Service.RunInfo info = calls.createRun(request.build());
        RestRun run = new RestRun(calls, uploader, info, server.base(), clock, openRuns::remove);
        synchronized (openRuns) {
            if (closed) { // close() ran while the run was being created
                run.close();
                checkNotClosed();
            }
            openRuns.add(run);
        }
        return run;
    }

    /** Runs started by this tracker and not ended yet. */
    public List<TrackedRun> openRuns() {
        return List.copyOf(openRuns);
    }

    /**
     * Ends every open run FAILED (sending its buffered metrics first), stops the background flush, closes the
     * client and removes the shutdown hook. Idempotent; later {@code startRun} calls fail. Failures to reach the
     * server are logged, not thrown.
     */
    @Override
    public void close() {
        synchronized (openRuns) {
            if (closed) {
                return;
            }
            closed = true;
        }
        flusher.shutdownNow();
        failOpenRuns();
        calls.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; nothing to remove
        }
    }

    @Override
    public String toString() {
        return "RestTracker[" + server + ", credentials " + credentials.scheme() + ", " + openRuns.size()
                + " open runs]";
    }

    /** The registered hook (package-private for tests). */
    Thread shutdownHook() {
        return shutdownHook;
    }

    private String findOrCreate(String name) {
        Optional<Service.Experiment> existing = calls.experimentByName(name);
        if (existing.isPresent()) {
            return activeId(existing.get());
        }
        try {
            return calls.createExperiment(name);
        } catch (MlflowServerException e) {
            if (!e.errorCode().equals("RESOURCE_ALREADY_EXISTS")) {
                throw e;
            }
            // created concurrently by someone else: use theirs
            return activeId(calls.experimentByName(name).orElseThrow(() -> e));
        }
    }

    private String activeId(Service.Experiment experiment) {
        if ("deleted".equals(experiment.getLifecycleStage())) {
            throw new IllegalStateException("experiment '" + experiment.getName() + "' (id "
                    + experiment.getExperimentId() + ") is deleted on " + server + "; restore it (mlflow experiments"
                    + " restore --experiment-id " + experiment.getExperimentId() + ") or use another name");
        }
        return experiment.getExperimentId();
    }

    private void flushOpenRuns() {
        for (RestRun run : List.copyOf(openRuns)) {
            run.flushInBackground();
        }
    }

    private void failOpenRuns() {
        for (RestRun run : List.copyOf(openRuns)) {
            try {
                run.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not mark run " + run.runId() + " FAILED on " + server + ": "
                        + e.getMessage());
            }
        }
    }

    private void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException("tracker for " + server + " is closed");
        }
    }

    /** Whether sending these credentials to this server must be refused: plain http, not loopback, no opt-in. */
    static boolean insecureCredentials(ServerUri server, MlflowCredentials credentials, boolean allowed) {
        return credentials.isPresent() && !server.isHttps() && !server.isLoopbackHost() && !allowed;
    }

    /** Parses a boolean setting: {@code true}/{@code 1}/{@code yes} or {@code false}/{@code 0}/{@code no}/unset. */
    static boolean flag(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return false;
        }
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true": case "1": case "yes":
                return true;
            case "false": case "0": case "no":
                return false;
            default:
                throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
        }
    }

    /** Options of a {@link RestTracker}; {@link #open()} checks the server and returns the tracker. */
    public static final class Builder {
        private final String uri;
        private MlflowCredentials credentials = MlflowCredentials.none();
        private boolean allowInsecureCredentials;
        private Clock clock = Clock.systemUTC();
        private String user = System.getProperty("user.name", "unknown");
        private String sourceName = FileStoreTracker.mainClassName();
        private Map<String, String> defaultTags = Map.of();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration uploadTimeout = Duration.ofMinutes(30);
        private Duration flushInterval = Duration.ofSeconds(5);

        private Builder(String uri) {
            this.uri = uri;
        }

        /** Credentials sent on every request (default none). */
        public Builder credentials(MlflowCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Allow credentials over plain {@code http://} to a non-loopback host (default false: refused). */
        public Builder allowInsecureCredentials(boolean allow) {
            this.allowInsecureCredentials = allow;
            return this;
        }

        /** Source of run start/end times and metric timestamps (default the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The run's {@code user_id} and tag {@value MlflowTags#USER} (default the {@code user.name} property). */
        public Builder user(String user) {
            if (user == null || user.isBlank()) {
                throw new IllegalArgumentException("user must not be blank");
            }
            this.user = user;
            return this;
        }

        /** Tag {@value MlflowTags#SOURCE_NAME} (default the main class). */
        public Builder sourceName(String sourceName) {
            this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
            return this;
        }

        /** Tags set on every run, e.g. {@value MlflowTags#GIT_COMMIT} (keys checked now). */
        public Builder defaultTags(Map<String, String> tags) {
            tags.forEach((k, v) -> {
                MlflowKeys.validate("default tag", k);
                Objects.requireNonNull(v, () -> "value of default tag '" + k + "' must not be null");
            });
            this.defaultTags = Map.copyOf(tags);
            return this;
        }

        /** How long to wait for a TCP connection (default 5 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /** How long one REST call may take (default 30 s; the open check waits at most 10 s of it). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "request timeout");
            return this;
        }

        /** How long one artifact upload may take (default 30 min). */
        public Builder uploadTimeout(Duration timeout) {
            this.uploadTimeout = positive(timeout, "upload timeout");
            return this;
        }

        /** How often buffered metrics are sent (default 5 s). */
        public Builder flushInterval(Duration interval) {
            this.flushInterval = positive(interval, "flush interval");
            return this;
        }

        /**
         * Checks the URI and the credentials' transport, probes the server, and returns the tracker.
         *
         * @throws IllegalArgumentException for a malformed URI, or credentials that would go over plain http to a
         *                                  non-loopback host without {@link #allowInsecureCredentials} (nothing is
         *                                  sent then)
         * @throws MlflowServerException    if the server is unreachable, refuses the credentials or is not MLflow
         */
        public RestTracker open() {
            ServerUri server = ServerUri.parse(uri);
            if (insecureCredentials(server, credentials, allowInsecureCredentials)) {
                throw new IllegalArgumentException("refusing to send MLflow credentials (" + credentials.scheme()
                        + ") over plain http to " + server + ": anyone on the network path could read them. Use"
                        + " https://, or set " + ALLOW_INSECURE_CREDENTIALS + "=true if the network is trusted");
            }
            ServerErrors errors = new ServerErrors(server, credentials);
            ServerHttp http = new ServerHttp(errors, credentials, connectTimeout);
            Duration probeTimeout = requestTimeout.compareTo(Duration.ofSeconds(10)) < 0
                    ? requestTimeout : Duration.ofSeconds(10);
            ServerProbe.check(http, probeTimeout);
            MlflowRestCalls calls = MlflowRestCalls.connect(errors, credentials, requestTimeout);
            return new RestTracker(this, server, calls, new ArtifactUploader(http, uploadTimeout));
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, not " + d);
            }
            return d;
        }
    }
}
