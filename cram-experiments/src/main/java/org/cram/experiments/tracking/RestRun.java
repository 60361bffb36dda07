package org.cram.experiments.tracking;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cram.api.track.RunStatus;
import org.cram.api.track.TrackedRun;
import org.mlflow.api.proto.Service;

/**
 * One run on an MLflow tracking server, started by {@link RestTracker#startRun}.
 *
 * <p>Params and tags are sent at once ({@code runs/log-parameter}, {@code runs/set-tag}; {@link #logParams} uses
 * {@code runs/log-batch}, up to {@value #MAX_PARAMS_PER_BATCH} per request). Metric values are buffered and sent with
 * {@code runs/log-batch} in requests of at most {@value #MAX_METRICS_PER_BATCH}: as soon as that many are waiting,
 * every few seconds from the tracker's background flush (so the MLflow UI stays live), on {@link #flush()} and when
 * the run ends. Values whose request may succeed later (no answer, 5xx) are kept and sent again; values the server
 * rejected (4xx) in a background flush are dropped and the error is thrown by the next call on the run.
 *
 * <p>Keys follow the same rules as the file store ({@link MlflowKeys}); params are immutable (a different value for
 * a logged key is an {@link IllegalArgumentException}). After {@link #end} every logging call throws
 * {@link IllegalStateException} naming the run id. All methods are thread-safe.
 */
public final class RestRun implements TrackedRun {

    /** MLflow's limit of metrics in one {@code runs/log-batch} request. */
    public static final int MAX_METRICS_PER_BATCH = 1000;
    /** MLflow's limit of params in one {@code runs/log-batch} request. */
    public static final int MAX_PARAMS_PER_BATCH = 100;

    private static final System.Logger LOG = System.getLogger(RestRun.class.getName());

    private final MlflowRestCalls calls;
    private final ArtifactUploader uploader;
    private final String runId;
    private final String experimentId;
    private final String runName;
    private final String artifactUri;
    private final String artifactRoot;
    private final String server;
    private final Clock clock;
    private final Consumer<RestRun> onEnd;
    private final Object lock = new Object();
    private final Object sendLock = new Object();
    private final MetricBuffer buffer = new MetricBuffer();
    private final Map<String, String> params = new HashMap<>();
    private final AtomicReference<MlflowServerException> backgroundFailure = new AtomicReference<>();
    private RunStatus status = RunStatus.RUNNING;

    RestRun(MlflowRestCalls calls, ArtifactUploader uploader, Service.RunInfo info, String server, Clock clock,
            Consumer<RestRun> onEnd) {
        this.calls = calls;
        this.uploader = uploader;
        this.runId = info.getRunId();
        this.experimentId = info.getExperimentId();
        this.runName = info.getRunName();
        this.artifactUri = info.getArtifactUri();
        this.artifactRoot = ArtifactUploader.runArtifactRoot(artifactUri, experimentId, runId);
        this.server = server;
        this.clock = clock;
        this.onEnd = onEnd;
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public String experimentId() {
        return experimentId;
    }

    /** The run's name as the server stored it. */
    public String runName() {
        return runName;
    }

    /** The run's artifact URI as the server reported it (e.g. {@code mlflow-artifacts:/1/<runId>/artifacts}). */
    public String artifactUri() {
        return artifactUri;
    }

    /** RUNNING until {@link #end}, then the terminal status. */
    public RunStatus status() {
        synchronized (lock) {
            return status;
        }
    }

    /** Whether {@link #end} (or {@link #close}) was called. */
    public boolean isEnded() {
        return status() != RunStatus.RUNNING;
    }

    /** Number of metric values logged but not sent yet. */
    public int pendingMetrics() {
        return buffer.size();
    }

    /**
     * Logs a param. The same value again is a no-op; a different one is an {@link IllegalArgumentException} naming
     * the key and both values (MLflow params are immutable).
     */
    @Override
    public void logParam(String key, String value) {
        synchronized (lock) {
            checkOpen("param '" + key + "'");
            MlflowKeys.validate("param", key);
            Objects.requireNonNull(value, () -> "value of param '" + key + "' must not be null");
            if (isKnownParam(key, value)) {
                return;
            }
        }
        calls.logParam(runId, key, value);
        rememberParams(Map.of(key, value));
    }

    /**
     * Logs several params with {@code runs/log-batch} ({@value #MAX_PARAMS_PER_BATCH} per request). All keys are
     * checked before anything is sent; values are {@code String.valueOf} of the map's values.
     */
    @Override
    public void logParams(Map<String, ?> newParams) {
        Map<String, String> toSend = new LinkedHashMap<>();
        synchronized (lock) {
            checkOpen("params " + newParams.keySet());
            newParams.forEach((k, v) -> {
                MlflowKeys.validate("param", k);
                String value = String.valueOf(v);
                if (!isKnownParam(k, value)) {
                    toSend.put(k, value);
                }
            });
        }
        List<Service.Param> batch = new ArrayList<>();
        Map<String, String> sent = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : toSend.entrySet()) {
            batch.add(Service.Param.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build());
            sent.put(e.getKey(), e.getValue());
            if (batch.size() == MAX_PARAMS_PER_BATCH) {
                calls.logBatch(runId, List.of(), List.copyOf(batch));
                rememberParams(sent);
                batch.clear();
                sent.clear();
            }
        }
        if (!batch.isEmpty()) {
            calls.logBatch(runId, List.of(), batch);
            rememberParams(sent);
        }
    }

    /** Sets (or replaces) a tag. */
    @Override
    public void setTag(String key, String value) {
        synchronized (lock) {
            checkOpen("tag '" + key + "'");
            MlflowKeys.validate("tag", key);
            Objects.requireNonNull(value, () -> "value of tag '" + key + "' must not be null");
        }
        calls.setTag(runId, key, value);
    }

    /** Sets the run's markdown description (tag {@value MlflowTags#NOTE_CONTENT}). */
    public void setDescription(String markdown) {
        setTag(MlflowTags.NOTE_CONTENT, markdown);
    }

    /**
     * Buffers a metric value with the current time; sends the buffer when {@value #MAX_METRICS_PER_BATCH} values
     * are waiting.
     */
    @Override
    public void logMetric(String key, double value, long step) {
        int waiting;
        synchronized (lock) {
            checkOpen("metric '" + key + "'");
            MlflowKeys.validate("metric", key);
            waiting = buffer.add(Service.Metric.newBuilder()
                    .setKey(key).setValue(value).setTimestamp(clock.millis()).setStep(step).build());
        }
        if (waiting >= MAX_METRICS_PER_BATCH) {
            flush();
        }
    }

    /**
     * Sends every buffered metric value now, in {@code runs/log-batch} requests of at most
     * {@value #MAX_METRICS_PER_BATCH}.
     *
     * @throws MlflowServerException if a request fails (values that may be accepted later are kept for the next
     *                               flush, values the server rejected are dropped)
     */
    public void flush() {
        synchronized (sendLock) {
            while (true) {
                List<Service.Metric> batch = buffer.take(MAX_METRICS_PER_BATCH);
                if (batch.isEmpty()) {
                    return;
                }
                try {
                    calls.logBatch(runId, batch, List.of());
                } catch (MlflowServerException e) {
                    if (e.isTransient()) {
                        buffer.putBack(batch);
                    }
                    throw e;
                }
            }
        }
    }

    /**
     * Uploads a regular file to {@code artifacts/<artifactPath>/<file name>} (replacing an earlier upload).
     *
     * @param artifactPath relative folder, {@code null} or empty for the artifacts root; no {@code ..}
     */
    @Override
    public void logArtifact(Path file, String artifactPath) {
        synchronized (lock) {
            checkOpen("artifact " + file);
        }
        String folder = MlflowKeys.validateArtifactPath(artifactPath);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("artifact " + file + " of run " + runId
                    + " is not a regular file (use logArtifacts for a folder)");
        }
        uploader.upload(file, artifactRoot, folder, artifactUri);
    }

    /** Uploads the files of a folder, recursively, under {@code artifacts/<artifactPath>/} (like MLflow's). */
    public void logArtifacts(Path dir, String artifactPath) {
        synchronized (lock) {
            checkOpen("artifacts " + dir);
        }
        String base = MlflowKeys.validateArtifactPath(artifactPath);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("artifact folder " + dir + " of run " + runId + " is not a folder");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list artifact folder " + dir, e);
        }
        for (Path file : files) {
            Path parent = dir.relativize(file).getParent();
            String sub = parent == null ? "" : parent.toString().replace(File.separatorChar, '/');
            String joined = base.isEmpty() ? sub : sub.isEmpty() ? base : base + "/" + sub;
            String folder = MlflowKeys.validateArtifactPath(joined);
            uploader.upload(file, artifactRoot, folder, artifactUri);
        }
    }

    /**
     * Ends the run: sends the buffered metrics, then {@code runs/update} with the status and end time. The run
     * counts as ended even if the server cannot be told (the error is thrown after both steps were tried).
     *
     * @param status FINISHED, FAILED or KILLED
     * @throws IllegalStateException    if the run already ended
     * @throws IllegalArgumentException for a non-terminal status
     * @throws MlflowServerException    if metrics or the end could not be sent, or an earlier background flush failed
     */
    @Override
    public void end(RunStatus status) {
        if (status == null || status == RunStatus.RUNNING || status == RunStatus.SCHEDULED) {
            throw new IllegalArgumentException("run " + runId + " must end with FINISHED, FAILED or KILLED, not "
                    + status);
        }
        if (!markEnded(status)) {
            throw new IllegalStateException("run " + runId + " has already ended (" + status() + "); cannot log end("
                    + status + ")");
        }
        finish(status);
    }

    /** Ends the run FAILED unless it already ended. */
    @Override
    public void close() {
        if (markEnded(RunStatus.FAILED)) {
            finish(RunStatus.FAILED);
        }
    }

    /**
     * Called by the tracker's periodic flush: sends waiting values. A failure that may pass (no answer, 5xx) is only
     * logged, the values stay buffered for the next try (and reach the caller once {@value #MAX_METRICS_PER_BATCH}
     * wait, or at the end); values the server rejected are dropped and the failure is thrown by the next call.
     */
    void flushInBackground() {
        if (buffer.size() == 0) {
            return;
        }
        try {
            flush();
        } catch (MlflowServerException e) {
            if (!e.isTransient()) {
                backgroundFailure.compareAndSet(null, e);
            }
            LOG.log(Level.WARNING, "could not send metrics of run " + runId + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not send metrics of run " + runId, e);
        }
    }

    @Override
    public String toString() {
        return "RestRun[" + runId + " '" + runName + "' in experiment " + experimentId + " on " + server + ", "
                + status() + "]";
    }

    private boolean markEnded(RunStatus terminal) {
        synchronized (lock) {
            if (status != RunStatus.RUNNING) {
                return false;
            }
            status = terminal;
            return true;
        }
    }

    private void finish(RunStatus terminal) {
        MlflowServerException failure = null;
        try {
            try {
                flush();
            } catch (MlflowServerException e) {
                int lost = buffer.size();
                failure = lost == 0 ? e : new MlflowServerException(e.getMessage() + "; " + lost
                        + " metric values of run " + runId + " were not sent", e.httpStatus(), e.errorCode(), e);
            }
            try {
                calls.setTerminated(runId, Service.RunStatus.valueOf(terminal.name()), clock.millis());
            } catch (MlflowServerException e) {
                failure = combine(failure, e);
            }
        } finally {
            onEnd.accept(this);
        }
        MlflowServerException earlier = backgroundFailure.getAndSet(null);
        if (earlier != null) {
            failure = combine(failure, earlierFailure(earlier));
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static MlflowServerException combine(MlflowServerException first, MlflowServerException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private MlflowServerException earlierFailure(MlflowServerException e) {
        return new MlflowServerException("an earlier background send of metrics of run " + runId + " failed: "
                + e.getMessage(), e.httpStatus(), e.errorCode(), e);
    }

    /** Must hold {@code lock}. Throws if ended, or reports a failed background flush. */
    private void checkOpen(String what) {
        if (status != RunStatus.RUNNING) {
            throw new IllegalStateException("run " + runId + " has already ended (" + status + "); cannot log "
                    + what);
        }
        MlflowServerException earlier = backgroundFailure.getAndSet(null);
        if (earlier != null) {
            throw earlierFailure(earlier);
        }
    }

    /** Must hold {@code lock}. True if the param is already logged with this value; throws for another value. */
    private boolean isKnownParam(String key, String value) {
        String old = params.get(key);
        if (old == null) {
            return false;
        }
        if (old.equals(value)) {
            return true;
        }
        throw new IllegalArgumentException("param '" + key + "' of run " + runId + " is already '" + old
                + "'; MLflow params are immutable, cannot change it to '" + value + "'");
    }

    private void rememberParams(Map<String, String> sent) {
        synchronized (lock) {
            params.putAll(sent);
        }
    }
}
