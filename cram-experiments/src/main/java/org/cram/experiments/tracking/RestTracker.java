package org.cram.experiments.tracking;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicReference;
import org.cram.api.track.RunStatus;
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
 * explicitly allowed ({@value #ALLOW_INSECURE_CREDENTIALS}). {@link #startRun} needs the server (it is given the run
 * id), and fails with an {@link MlflowServerException} if it cannot be reached.
 *
 * <p>Runs get the same tags as in the file store: {@value MlflowTags#RUN_NAME}, {@value MlflowTags#USER},
 * {@value MlflowTags#SOURCE_NAME}, {@value MlflowTags#SOURCE_TYPE} ({@code LOCAL}), {@value MlflowTags#PARENT_RUN_ID}
 * when nested, and the tracker's default tags (system tags win). Experiments are found by name and created if
 * missing (once per tracker; a concurrent creation elsewhere is tolerated).
 *
 * <p>Once a run exists, the server going away does not stop training or lose data (see {@link RestRun}): a
 * background sender delivers buffered metrics every {@linkplain Builder#flushInterval(Duration) flush interval} and
 * retries everything the server did not take with exponential back-off ({@linkplain Builder#retryBackoff 1 s to
 * 60 s}, jittered); a run still cut off after the {@linkplain Builder#outageDeadline outage deadline} (10 min), or
 * ended with writes pending after the {@linkplain Builder#finalRetry final retry} (30 s), is written whole to the
 * {@linkplain Builder#fallbackStore local store} ({@code ./mlruns}), and a {@linkplain Builder#notices notice}
 * tells the user where it is and how to upload it with {@code cram mlflow sync}.
 *
 * <p>{@link #close()} ends open runs FAILED. A JVM shutdown hook ends them KILLED if the JVM is shutting down
 * because of SIGINT or SIGTERM and FAILED otherwise ({@link InterruptSignals}); it retries the server for at most
 * {@value #SHUTDOWN_RETRY_SECONDS} s in all (less if the final retry is shorter) before writing them locally.
 */
public final class RestTracker implements RunTracker {

    /** Environment variable that allows credentials over plain http to a non-loopback host ({@code true}). */
    public static final String ALLOW_INSECURE_CREDENTIALS = "MLFLOW_ALLOW_INSECURE_CREDENTIALS";
    /** The most the shutdown hook waits for the server, for all open runs together, in seconds. */
    public static final int SHUTDOWN_RETRY_SECONDS = 5;

    private static final System.Logger LOG = System.getLogger(RestTracker.class.getName());

    private final ServerUri server;
    private final MlflowCredentials credentials;
    private final MlflowRestCalls calls;
    private final ServerHttp http;
    private final Duration probeTimeout;
    private final Clock clock;
    private final String user;
    private final String sourceName;
    private final Map<String, String> defaultTags;
    private final Map<String, String> experimentIds = new ConcurrentHashMap<>();
    private final Set<RestRun> openRuns = ConcurrentHashMap.newKeySet();
    private final RestRunContext context;
    private final SenderLoop sender;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private RestTracker(Builder b, ServerUri server, MlflowRestCalls calls, ServerHttp http, Duration probeTimeout) {
        this.server = server;
        this.credentials = b.credentials;
        this.calls = calls;
        this.http = http;
        this.probeTimeout = probeTimeout;
        this.clock = b.clock;
        this.user = b.user;
        this.sourceName = b.sourceName;
        this.defaultTags = b.defaultTags;
        Duration initial = b.backoffInitial;
        Duration max = b.backoffMax;
        PrintStream notices = b.notices;
        AtomicReference<SenderLoop> senderRef = new AtomicReference<>();
        this.context = new RestRunContext(
                new RunApi(http, b.requestTimeout),
                new ArtifactUploader(http, b.uploadTimeout),
                new ServerOutage(new Backoff(initial, max), System::nanoTime),
                new ArtifactSpool(),
                new LocalFallback(b.fallbackStore, b.clock, b.user, b.sourceName),
                message -> (notices != null ? notices : System.err).println(message),
                b.clock, b.finalRetry, b.outageDeadline,
                () -> new Backoff(initial, max),
                () -> {
                    SenderLoop loop = senderRef.get();
                    if (loop != null) {
                        loop.wake();
                    }
                },
                server.base());
        this.sender = new SenderLoop("mlflow-sender", b.flushInterval, new SenderLoop.Pump() {
            @Override
            public void pump(boolean periodic) {
                deliverOpenRuns(periodic);
            }

            @Override
            public long nanosUntilRetry() {
                return nanosUntilRetryDue();
            }
        });
        senderRef.set(sender);
        InterruptSignals.install();
        this.shutdownHook = new Thread(this::endOpenRunsAtShutdown, "mlflow-rest-shutdown");
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
        MlflowKeys.validateRunName(runName);
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
        context.outage().recordSuccess();
        if (!named) {
            tags.put(MlflowTags.RUN_NAME, info.getRunName());
        }
        RestRun run = new RestRun(context, info.getRunId(), info.getExperimentId(), experimentName,
                info.getRunName(), info.getArtifactUri(), request.getStartTime(), tags, openRuns::remove);
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
     * Ends every open run FAILED (delivering what it still has, within the final retry, else writing it to the local
     * store), stops the background sender, closes the client and removes the shutdown hook. Idempotent; later
     * {@code startRun} calls fail. Failures to reach the server are logged, not thrown.
     */
    @Override
    public void close() {
        synchronized (openRuns) {
            if (closed) {
                return;
            }
            closed = true;
        }
        sender.close();
        endOpenRuns(RunStatus.FAILED, context.finalRetry());
        context.spool().close();
        context.fallback().close();
        calls.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; nothing to remove
        }
    }

    /** The local store where runs go when the server does not come back (absolute). */
    public Path fallbackStore() {
        return context.fallback().root();
    }

    /** Whether the server failed the last request that was made to it (an outage is in progress). */
    public boolean isServerDown() {
        return context.outage().isDown();
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

    /** What the runs share (package-private for {@link MlflowSync}). */
    RestRunContext context() {
        return context;
    }

    /** The MLflow client's calls (package-private for {@link MlflowSync}). */
    MlflowRestCalls calls() {
        return calls;
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

    /** One pass of the background sender: deliver for each run, or fall back if the outage lasted too long. */
    private void deliverOpenRuns(boolean periodic) {
        List<RestRun> runs = List.copyOf(openRuns);
        ServerOutage outage = context.outage();
        Duration down = outage.downFor();
        if (outage.isDown() && down.compareTo(context.outageDeadline()) >= 0) {
            for (RestRun run : runs) {
                run.fallBackForOutage(down);
            }
            return;
        }
        if (!outage.mayAttempt()) {
            return;
        }
        boolean asked = false;
        for (RestRun run : runs) {
            if (!outage.mayAttempt()) {
                break;
            }
            asked |= run.backgroundPass(periodic || outage.isDown());
        }
        if (!asked && outage.isDown() && runs.stream().anyMatch(r -> r.localRunDir().isEmpty())) {
            probe(); // nothing was waiting: still find out whether the server is back before the deadline
        }
    }

    private void probe() {
        try {
            ServerProbe.check(http, probeTimeout);
            context.outage().recordSuccess();
        } catch (MlflowServerException e) {
            if (e.isTransient()) {
                context.outage().recordFailure(e);
            } else {
                context.outage().recordSuccess(); // it answered
            }
        }
    }

    /** When the sender must run again because of the outage: the next retry or the deadline, if runs are open. */
    private long nanosUntilRetryDue() {
        ServerOutage outage = context.outage();
        if (!outage.isDown() || openRuns.stream().allMatch(r -> r.localRunDir().isPresent())) {
            return Long.MAX_VALUE;
        }
        long untilDeadline = context.outageDeadline().minus(outage.downFor()).toNanos();
        return Math.max(0, Math.min(outage.nanosUntilNextAttempt(), untilDeadline));
    }

    private void endOpenRunsAtShutdown() {
        Duration budget = context.finalRetry().compareTo(Duration.ofSeconds(SHUTDOWN_RETRY_SECONDS)) < 0
                ? context.finalRetry() : Duration.ofSeconds(SHUTDOWN_RETRY_SECONDS);
        endOpenRuns(InterruptSignals.shutdownStatus(), budget);
    }

    /** Ends every open run with this status; all of them together retry the server for at most {@code budget}. */
    private void endOpenRuns(RunStatus status, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        for (RestRun run : List.copyOf(openRuns)) {
            try {
                run.closeAs(status, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not mark run " + run.runId() + " " + status + " on " + server + ": "
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
        private Duration backoffInitial = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofSeconds(60);
        private Duration outageDeadline = Duration.ofMinutes(10);
        private Duration finalRetry = Duration.ofSeconds(30);
        private Path fallbackStore = Path.of(TrackerFactory.DEFAULT_STORE);
        private PrintStream notices;

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
         * The back-off between retries while the server does not answer: exponential from {@code initial} up to
         * {@code max}, jittered (default 1 s to 60 s).
         */
        public Builder retryBackoff(Duration initial, Duration max) {
            positive(initial, "initial back-off");
            if (positive(max, "maximum back-off").compareTo(initial) < 0) {
                throw new IllegalArgumentException("maximum back-off " + max + " is shorter than the initial "
                        + initial);
            }
            this.backoffInitial = initial;
            this.backoffMax = max;
            return this;
        }

        /** How long the server may stay unreachable before open runs are written to the local store (10 min). */
        public Builder outageDeadline(Duration deadline) {
            this.outageDeadline = positive(deadline, "outage deadline");
            return this;
        }

        /**
         * How long ending a run keeps retrying writes the server has not taken before the run is written to the
         * local store instead (default 30 s).
         */
        public Builder finalRetry(Duration retry) {
            this.finalRetry = positive(retry, "final retry");
            return this;
        }

        /** The local MLflow file store for runs the server does not take (default {@code ./mlruns}). */
        public Builder fallbackStore(Path root) {
            this.fallbackStore = Objects.requireNonNull(root, "root");
            return this;
        }

        /** Where messages for the user go: outages, their end, runs written locally (default {@code System.err}). */
        public Builder notices(PrintStream out) {
            this.notices = Objects.requireNonNull(out, "out");
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
            return new RestTracker(this, server, calls, http, probeTimeout);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, not " + d);
            }
            return d;
        }
    }
}
