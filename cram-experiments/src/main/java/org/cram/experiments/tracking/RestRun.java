package org.cram.experiments.tracking;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cram.api.track.RunStatus;
import org.cram.api.track.TrackedRun;

/**
 * One run on an MLflow tracking server, started by {@link RestTracker#startRun}.
 *
 * <p><b>Sending.</b> While the server answers, params, tags and artifacts are sent at once
 * ({@code runs/log-parameter}, {@code runs/set-tag}, {@code runs/log-batch} for {@link #logParams} with up to
 * {@value #MAX_PARAMS_PER_BATCH} per request, {@code PUT} for artifacts), so a write the server rejects (4xx) fails
 * the call that made it. Metric values are buffered and sent by the tracker's background sender with
 * {@code runs/log-batch} in requests of at most {@value #MAX_METRICS_PER_BATCH}: as soon as that many wait, every
 * flush interval (so the MLflow UI stays live), on {@link #flush()} and when the run ends. {@link #logMetric} never
 * waits for the network.
 *
 * <p><b>Outages.</b> A failure that may pass (no connection, no answer in time, 5xx, 429) never reaches the caller:
 * the write is kept, in order, and the tracker's sender retries with exponential back-off; while the outage lasts,
 * params, tags and artifact uploads (of a private copy of the file) are queued without trying. Every write arrives
 * exactly once: metric points sent again after a failure whose outcome is unknown (the server may have applied the
 * batch and the answer got lost) are first checked against the run's metric history on the server and only the
 * missing ones are sent ({@link MetricReconciler}); params, tags and artifact uploads are idempotent. The end
 * ({@code runs/update} with the status and end time) is sent last, after everything else has arrived.
 *
 * <p><b>Fallback.</b> If the server stays unreachable past the tracker's outage deadline, or the run ends with
 * writes still pending after the final retry, the whole run (everything logged so far, sent or not) is written to
 * the tracker's local file store under the same run id, and a notice says where and how to upload it
 * ({@code cram mlflow sync STORE URI}, which completes this very run on the server without duplicates). The run
 * then goes on in that store; {@link #localRunDir()} tells where. A value the server rejects in the background is
 * dropped and the error is thrown by the next call on the run.
 *
 * <p>Keys follow the same rules as the file store ({@link MlflowKeys}); params are immutable (a different value for
 * a logged key is an {@link IllegalArgumentException}). After {@link #end} every logging call throws
 * {@link IllegalStateException} naming the run id. The run keeps everything it logged in memory (about 28 bytes a
 * metric point) for the fallback. All methods are thread-safe.
 */
public final class RestRun implements TrackedRun {

    /** MLflow's limit of metrics in one {@code runs/log-batch} request. */
    public static final int MAX_METRICS_PER_BATCH = 1000;
    /** MLflow's limit of params in one {@code runs/log-batch} request. */
    public static final int MAX_PARAMS_PER_BATCH = 100;

    private static final System.Logger LOG = System.getLogger(RestRun.class.getName());

    private final RestRunContext ctx;
    private final String runId;
    private final String experimentId;
    private final String experimentName;
    private final String runName;
    private final String artifactUri;
    private final String artifactRoot;
    private final long startTime;
    private final Consumer<RestRun> onEnd;

    /** Guards what is logged: status, journal, queue, the switch to the local store. */
    private final Object lock = new Object();
    /** Held while sending; guards the delivery state below. Always taken before {@link #lock}. */
    private final ReentrantLock sendLock = new ReentrantLock();
    private final RunJournal journal;
    private final Deque<PendingWrite> queue = new ArrayDeque<>();
    private final AtomicReference<MlflowServerException> backgroundFailure = new AtomicReference<>();
    private RunStatus status = RunStatus.RUNNING;
    private long endTime;
    private boolean endPending;
    private volatile FileStoreRun local;

    private volatile int metricsSent;
    private List<MetricValue> inFlight;
    private int inFlightEnd;
    private boolean uncertain;

    RestRun(RestRunContext ctx, String runId, String experimentId, String experimentName, String runName,
            String artifactUri, long startTime, Map<String, String> tags, Consumer<RestRun> onEnd) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.runId = runId;
        this.experimentId = experimentId;
        this.experimentName = experimentName;
        this.runName = runName;
        this.artifactUri = artifactUri;
        this.artifactRoot = ArtifactUploader.runArtifactRoot(artifactUri, experimentId, runId);
        this.startTime = startTime;
        this.journal = new RunJournal(tags);
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

    /** The name of the run's experiment. */
    public String experimentName() {
        return experimentName;
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

    /** Number of metric values logged but not confirmed by the server yet (0 once the run is local). */
    public int pendingMetrics() {
        return local != null ? 0 : journal.metrics.size() - metricsSent;
    }

    /** Number of param, tag and artifact writes waiting for the server. */
    public int pendingWrites() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** The run's folder in the local store if the run fell back to it (see the class comment). */
    public Optional<Path> localRunDir() {
        FileStoreRun run = local;
        return run == null ? Optional.empty() : Optional.of(run.runDir());
    }

    /**
     * Logs a param. The same value again is a no-op; a different one is an {@link IllegalArgumentException} naming
     * the key and both values (MLflow params are immutable).
     *
     * @throws MlflowServerException if the server rejects the param (not for failures that may pass)
     */
    @Override
    public void logParam(String key, String value) {
        FileStoreRun localRun;
        synchronized (lock) {
            checkOpen("param '" + key + "'");
            MlflowKeys.validate("param", key);
            Objects.requireNonNull(value, () -> "value of param '" + key + "' must not be null");
            localRun = local;
            if (localRun == null) {
                if (isKnownParam(key, value)) {
                    return;
                }
                journal.params.put(key, value);
            }
        }
        if (localRun != null) {
            localRun.logParam(key, value);
            return;
        }
        sendOrQueue(new PendingWrite.Params(Map.of(key, value)));
    }

    /**
     * Logs several params with {@code runs/log-batch} ({@value #MAX_PARAMS_PER_BATCH} per request). All keys are
     * checked before anything is sent; values are {@code String.valueOf} of the map's values.
     */
    @Override
    public void logParams(Map<String, ?> newParams) {
        Map<String, String> toSend = new LinkedHashMap<>();
        FileStoreRun localRun;
        synchronized (lock) {
            checkOpen("params " + newParams.keySet());
            newParams.forEach((k, v) -> {
                MlflowKeys.validate("param", k);
                String value = String.valueOf(v);
                if (!isKnownParam(k, value)) {
                    toSend.put(k, value);
                }
            });
            localRun = local;
            if (localRun == null) {
                journal.params.putAll(toSend);
            }
        }
        if (localRun != null) {
            toSend.forEach(localRun::logParam);
            return;
        }
        List<Map<String, String>> chunks = new ArrayList<>();
        Map<String, String> chunk = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : toSend.entrySet()) {
            chunk.put(e.getKey(), e.getValue());
            if (chunk.size() == MAX_PARAMS_PER_BATCH) {
                chunks.add(chunk);
                chunk = new LinkedHashMap<>();
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        for (int i = 0; i < chunks.size(); i++) {
            try {
                sendOrQueue(new PendingWrite.Params(chunks.get(i)));
            } catch (RuntimeException rejected) {
                for (Map<String, String> unsent : chunks.subList(i + 1, chunks.size())) {
                    forgetParams(unsent);
                }
                throw rejected;
            }
        }
    }

    /** Sets (or replaces) a tag. */
    @Override
    public void setTag(String key, String value) {
        FileStoreRun localRun;
        synchronized (lock) {
            checkOpen("tag '" + key + "'");
            MlflowKeys.validate("tag", key);
            Objects.requireNonNull(value, () -> "value of tag '" + key + "' must not be null");
            localRun = local;
            if (localRun == null) {
                journal.tags.put(key, value);
            }
        }
        if (localRun != null) {
            localRun.setTag(key, value);
            return;
        }
        sendOrQueue(new PendingWrite.Tag(key, value));
    }

    /** Sets the run's markdown description (tag {@value MlflowTags#NOTE_CONTENT}). */
    public void setDescription(String markdown) {
        setTag(MlflowTags.NOTE_CONTENT, markdown);
    }

    /**
     * Buffers a metric value with the current time and returns at once; the tracker's sender is woken when
     * {@value #MAX_METRICS_PER_BATCH} values wait.
     */
    @Override
    public void logMetric(String key, double value, long step) {
        int waiting;
        synchronized (lock) {
            checkOpen("metric '" + key + "'");
            MlflowKeys.validate("metric", key);
            FileStoreRun localRun = local;
            if (localRun != null) {
                localRun.logMetric(key, value, step);
                return;
            }
            waiting = journal.metrics.append(key, value, ctx.clock().millis(), step) - metricsSent;
        }
        if (waiting % MAX_METRICS_PER_BATCH == 0 && !ctx.outage().isDown()) {
            ctx.wake().run();
        }
    }

    /**
     * Sends every waiting write and metric value now, in {@code runs/log-batch} requests of at most
     * {@value #MAX_METRICS_PER_BATCH} metrics. During an outage this only asks the background sender to retry
     * when its back-off allows; a failure that may pass is never thrown.
     *
     * @throws MlflowServerException if the server rejected values (they are dropped)
     */
    public void flush() {
        if (local != null) {
            return;
        }
        if (ctx.outage().isDown()) {
            ctx.wake().run();
            return;
        }
        List<MlflowServerException> rejected = new ArrayList<>();
        sendLock.lock();
        try {
            if (deliver(true, rejected)) {
                noteAnswered();
            }
        } catch (MlflowServerException e) {
            noteFailure(e);
            ctx.wake().run();
        } finally {
            sendLock.unlock();
        }
        MlflowServerException failure = combine(rejected);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Uploads a regular file to {@code artifacts/<artifactPath>/<file name>} (replacing an earlier upload); during
     * an outage a private copy of the file is queued for upload.
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
        logArtifactFile(file, folder);
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
            logArtifactFile(file, MlflowKeys.validateArtifactPath(joined));
        }
    }

    /**
     * Ends the run: delivers everything still waiting, then {@code runs/update} with the status and end time. If the
     * server does not take it all within the tracker's final retry, the run is written to the local store instead
     * (see the class comment). The run counts as ended in any case.
     *
     * @param status FINISHED, FAILED or KILLED
     * @throws IllegalStateException    if the run already ended
     * @throws IllegalArgumentException for a non-terminal status
     * @throws MlflowServerException    if the server rejected values (they are dropped), now or in an earlier
     *                                  background send
     */
    @Override
    public void end(RunStatus status) {
        if (status == null || status == RunStatus.RUNNING || status == RunStatus.SCHEDULED) {
            throw new IllegalArgumentException("run " + runId + " must end with FINISHED, FAILED or KILLED, not "
                    + status);
        }
        finish(status, ctx.finalRetry(), true);
    }

    /** Ends the run FAILED unless it already ended. */
    @Override
    public void close() {
        finish(RunStatus.FAILED, ctx.finalRetry(), false);
    }

    /** Ends the run with this status unless it already ended, retrying the server at most {@code budget}. */
    void closeAs(RunStatus terminal, Duration budget) {
        finish(terminal, budget, false);
    }

    /**
     * Called by the tracker's periodic pass: sends waiting writes and values. A failure that may pass is only
     * noted (the values stay for the next try); values the server rejected are dropped and the failure is thrown by
     * the next call.
     */
    void flushInBackground() {
        backgroundPass(true);
    }

    /**
     * One pass of the tracker's sender: queued writes, full metric batches (all waiting values if
     * {@code periodic}) and a pending end. Skipped if another thread is sending for this run.
     *
     * @return whether a request was made (so the outage state is up to date)
     */
    boolean backgroundPass(boolean periodic) {
        if (local != null || !hasWork(periodic) || !sendLock.tryLock()) {
            return false;
        }
        List<MlflowServerException> rejected = new ArrayList<>();
        try {
            boolean contacted = deliver(periodic, rejected);
            if (contacted) {
                noteAnswered();
            }
            return contacted;
        } catch (MlflowServerException e) {
            noteFailure(e);
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not send writes of run " + runId + " to " + ctx.server(), e);
            return false;
        } finally {
            sendLock.unlock();
            for (MlflowServerException e : rejected) {
                backgroundFailure.compareAndSet(null, e);
                LOG.log(Level.WARNING, "the MLflow server rejected a write of run " + runId + ": " + e.getMessage());
            }
        }
    }

    /** Whether this run has anything for the server (it has not fallen back to the local store). */
    boolean needsServer() {
        return local == null && hasWork(true);
    }

    /**
     * Writes the run to the local store because the server has been unreachable too long; failures are reported
     * as a notice and the run stays on the server path.
     */
    void fallBackForOutage(Duration down) {
        if (local != null) {
            return;
        }
        try {
            fallBack("the MLflow tracking server " + ctx.server() + " has been unreachable for "
                    + ServerErrors.describe(down) + " (last error: " + ctx.outage().lastProblem() + ")");
        } catch (RuntimeException e) {
            ctx.notices().accept("MLflow: could not write run " + runId + " to the local store "
                    + ctx.fallback().root() + ": " + e + "; keeping everything in memory and retrying the server");
        }
    }

    @Override
    public String toString() {
        return "RestRun[" + runId + " '" + runName + "' in experiment " + experimentId + " on " + ctx.server()
                + ", " + status() + (local != null ? ", local copy in " + local.runDir() : "") + "]";
    }

    // ---- sending ----------------------------------------------------------------------------------------------

    private void logArtifactFile(Path file, String folder) {
        RunJournal.ArtifactEntry entry = null;
        FileStoreRun localRun;
        synchronized (lock) {
            checkOpen("artifact " + file);
            localRun = local;
            if (localRun == null) {
                entry = new RunJournal.ArtifactEntry(file, folder, null);
                journal.artifacts.add(entry);
            }
        }
        if (localRun != null) {
            localRun.logArtifact(file, folder);
            return;
        }
        sendOrQueue(new PendingWrite.Artifact(entry));
    }

    /**
     * Sends a param, tag or artifact write now if the server is up and nothing is queued before it, else queues it
     * for the background sender. A transient failure queues it too; a rejection is thrown.
     */
    private void sendOrQueue(PendingWrite write) {
        boolean now;
        synchronized (lock) {
            if (local != null) {
                return; // the journal, written to the local store, already has it
            }
            now = queue.isEmpty() && !ctx.outage().isDown();
        }
        if (!now || !sendLock.tryLock()) {
            enqueue(write, false);
            ctx.wake().run();
            return;
        }
        try {
            if (local != null) {
                return;
            }
            send(write);
            noteAnswered();
        } catch (MlflowServerException e) {
            if (!e.isTransient()) {
                noteAnswered();
                forget(write);
                throw e;
            }
            enqueue(write, true);
            noteFailure(e);
            ctx.wake().run();
        } finally {
            sendLock.unlock();
        }
    }

    /** Queues a write (an artifact with a private copy of its file, so later changes to it do not matter). */
    private void enqueue(PendingWrite write, boolean first) {
        if (write instanceof PendingWrite.Artifact artifact && artifact.entry().copy == null) {
            try {
                artifact.entry().copy = ctx.spool().copy(artifact.entry().source);
            } catch (UncheckedIOException e) {
                LOG.log(Level.WARNING, e.getMessage() + "; the file will be uploaded as it is then");
            }
        }
        synchronized (lock) {
            if (local == null) {
                if (first) {
                    queue.addFirst(write);
                } else {
                    queue.addLast(write);
                }
                return;
            }
        }
        release(write);
    }

    private void send(PendingWrite write) {
        if (write instanceof PendingWrite.Params p) {
            if (p.params().size() == 1) {
                Map.Entry<String, String> only = p.params().entrySet().iterator().next();
                ctx.api().logParam(runId, only.getKey(), only.getValue());
            } else {
                ctx.api().logBatch(runId, List.of(), p.params(), Map.of());
            }
        } else if (write instanceof PendingWrite.Tag t) {
            ctx.api().setTag(runId, t.key(), t.value());
        } else if (write instanceof PendingWrite.Artifact a) {
            ctx.uploader().upload(a.entry().content(), artifactRoot, a.entry().folder, artifactUri);
            release(write);
        }
    }

    /** Forgets what the server rejected, so the journal (and a later fallback) matches the server. */
    private void forget(PendingWrite write) {
        if (write instanceof PendingWrite.Params p) {
            forgetParams(p.params());
        }
        release(write);
    }

    private void forgetParams(Map<String, String> params) {
        synchronized (lock) {
            params.forEach(journal.params::remove);
        }
    }

    private void release(PendingWrite write) {
        if (write instanceof PendingWrite.Artifact a) {
            Path copy = a.entry().copy;
            if (copy != null) {
                a.entry().copy = null;
                ctx.spool().release(copy);
            }
        }
    }

    private boolean hasWork(boolean allMetrics) {
        synchronized (lock) {
            if (!queue.isEmpty() || endPending) {
                return true;
            }
        }
        int waiting = pendingMetrics();
        return allMetrics ? waiting > 0 : waiting >= MAX_METRICS_PER_BATCH;
    }

    /**
     * Delivers, in order, the queued writes, the metric values (only full batches unless {@code allMetrics}) and
     * a pending end. Rejected writes are dropped and collected in {@code rejected}. Must hold {@link #sendLock}.
     *
     * @return whether a request was answered
     * @throws MlflowServerException on the first failure that may pass (nothing is lost; call again later)
     */
    private boolean deliver(boolean allMetrics, List<MlflowServerException> rejected) {
        boolean contacted = false;
        while (true) {
            PendingWrite write;
            synchronized (lock) {
                if (local != null) {
                    return contacted;
                }
                write = queue.peekFirst();
            }
            if (write == null) {
                break;
            }
            try {
                send(write);
            } catch (MlflowServerException e) {
                if (e.isTransient()) {
                    throw e;
                }
                rejected.add(e);
                forget(write);
            }
            contacted = true;
            synchronized (lock) {
                queue.pollFirst(); // still the head: only a holder of sendLock adds in front
            }
        }
        contacted |= deliverMetrics(allMetrics, rejected);
        RunStatus terminal;
        long end;
        synchronized (lock) {
            if (!endPending || !queue.isEmpty() || metricsSent != journal.metrics.size()) {
                return contacted;
            }
            terminal = status;
            end = endTime;
        }
        try {
            ctx.api().updateRun(runId, terminal, end);
        } catch (MlflowServerException e) {
            if (e.isTransient()) {
                throw e; // runs/update is idempotent: sent again as it is
            }
            rejected.add(e);
        }
        synchronized (lock) {
            endPending = false;
        }
        return true;
    }

    /**
     * Sends metric values in batches. A batch whose delivery failed ambiguously is reconciled with the server's
     * history before it is sent again, so no point arrives twice. Must hold {@link #sendLock}.
     */
    private boolean deliverMetrics(boolean all, List<MlflowServerException> rejected) {
        boolean contacted = false;
        while (true) {
            if (inFlight == null) {
                int from = metricsSent;
                int n = Math.min(MAX_METRICS_PER_BATCH, journal.metrics.size() - from);
                if (n == 0 || (!all && n < MAX_METRICS_PER_BATCH)) {
                    return contacted;
                }
                inFlight = journal.metrics.slice(from, from + n);
                inFlightEnd = from + n;
                uncertain = false;
            }
            if (uncertain) {
                inFlight = MetricReconciler.notOnServer(ctx.api(), runId, inFlight);
                uncertain = false;
                contacted = true;
            }
            if (!inFlight.isEmpty()) {
                try {
                    ctx.api().logBatch(runId, inFlight, Map.of(), Map.of());
                } catch (MlflowServerException e) {
                    if (e.isTransient()) {
                        uncertain = !e.neverSent();
                        throw e;
                    }
                    rejected.add(e);
                }
                contacted = true;
            }
            inFlight = null;
            metricsSent = inFlightEnd;
        }
    }

    // ---- ending and falling back ------------------------------------------------------------------------------

    private void finish(RunStatus terminal, Duration budget, boolean strict) {
        FileStoreRun localRun;
        synchronized (lock) {
            if (status != RunStatus.RUNNING) {
                if (strict) {
                    throw new IllegalStateException("run " + runId + " has already ended (" + status
                            + "); cannot log end(" + terminal + ")");
                }
                return;
            }
            status = terminal;
            endTime = ctx.clock().millis();
            localRun = local;
            endPending = localRun == null;
        }
        List<MlflowServerException> rejected = new ArrayList<>();
        RuntimeException fatal = null;
        try {
            if (localRun != null) {
                localRun.endAt(terminal, endTime);
            } else {
                deliverOrFallBack(budget, rejected);
            }
        } catch (RuntimeException e) {
            fatal = e;
        } finally {
            onEnd.accept(this);
        }
        MlflowServerException earlier = backgroundFailure.getAndSet(null);
        if (earlier != null) {
            rejected.add(earlierFailure(earlier));
        }
        MlflowServerException failure = combine(rejected);
        if (fatal != null) {
            if (failure != null) {
                fatal.addSuppressed(failure);
            }
            throw fatal;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Tries to deliver everything, with back-off, for at most {@code budget}; then falls back. */
    private void deliverOrFallBack(Duration budget, List<MlflowServerException> rejected) {
        long deadline = System.nanoTime() + budget.toNanos();
        Backoff backoff = ctx.backoffs().get();
        MlflowServerException last = null;
        while (true) {
            sendLock.lock();
            try {
                if (local != null) {
                    return; // the tracker's sender fell back meanwhile; the journal had the end
                }
                if (deliver(true, rejected)) {
                    noteAnswered();
                }
                return;
            } catch (MlflowServerException e) {
                last = e;
                noteFailure(e);
            } finally {
                sendLock.unlock();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(backoff.next().toNanos(), left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            fallBack("the run ended while the MLflow tracking server " + ctx.server() + " did not take its last "
                    + "writes within " + ServerErrors.describe(budget) + " (last error: " + last.getMessage() + ")");
        } catch (RuntimeException e) {
            e.addSuppressed(last);
            throw e;
        }
    }

    /** Writes the whole run to the local store and switches to it. */
    private void fallBack(String why) {
        List<String> problems = new ArrayList<>();
        FileStoreRun run;
        boolean ended;
        sendLock.lock();
        try {
            synchronized (lock) {
                if (local != null) {
                    return;
                }
                run = ctx.fallback().restore(experimentName, runId, runName, startTime, journal, problems);
                ended = status != RunStatus.RUNNING;
                if (ended) {
                    run.endAt(status, endTime);
                    endPending = false;
                }
                for (PendingWrite write : queue) {
                    release(write);
                }
                queue.clear();
                inFlight = null;
                uncertain = false;
                metricsSent = journal.metrics.size();
                local = run;
            }
        } finally {
            sendLock.unlock();
        }
        StringBuilder notice = new StringBuilder("MLflow: run " + runId + " ('" + runName + "') of experiment '"
                + experimentName + "' was written to the local MLflow store " + ctx.fallback().root() + " because "
                + why + ". Everything logged so far is there" + (ended ? "" : ", and the run goes on there")
                + ". Upload it to the server when it is back (nothing is sent twice) with:\n    cram mlflow sync "
                + ctx.fallback().root() + " " + ctx.server());
        for (String problem : problems) {
            notice.append("\n  note: ").append(problem);
        }
        ctx.notices().accept(notice.toString());
    }

    // ---- outage bookkeeping -----------------------------------------------------------------------------------

    private void noteFailure(MlflowServerException e) {
        if (ctx.outage().recordFailure(e)) {
            ctx.notices().accept("MLflow: the tracking server " + ctx.server() + " is not taking writes ("
                    + e.getMessage() + "). Training goes on: writes are kept and retried with back-off; if the"
                    + " server is still unreachable after " + ServerErrors.describe(ctx.outageDeadline())
                    + ", open runs are written to the local store " + ctx.fallback().root() + ".");
        }
    }

    private void noteAnswered() {
        Duration outage = ctx.outage().recordSuccess();
        if (outage != null) {
            ctx.notices().accept("MLflow: the tracking server " + ctx.server() + " answers again after "
                    + ServerErrors.describe(outage) + "; sending the writes that waited.");
        }
    }

    // ---- checks -----------------------------------------------------------------------------------------------

    private static MlflowServerException combine(List<MlflowServerException> failures) {
        MlflowServerException first = null;
        for (MlflowServerException e : failures) {
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
        return first;
    }

    private MlflowServerException earlierFailure(MlflowServerException e) {
        return new MlflowServerException("an earlier background send of metrics of run " + runId + " failed: "
                + e.getMessage(), e.httpStatus(), e.errorCode(), e);
    }

    /** Must hold {@code lock}. Throws if ended, or reports a write rejected in the background. */
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
        String old = journal.params.get(key);
        if (old == null) {
            return false;
        }
        if (old.equals(value)) {
            return true;
        }
        throw new IllegalArgumentException("param '" + key + "' of run " + runId + " is already '" + old
                + "'; MLflow params are immutable, cannot change it to '" + value + "'");
    }
}
