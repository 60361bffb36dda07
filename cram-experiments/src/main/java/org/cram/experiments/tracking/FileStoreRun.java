package org.cram.experiments.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.cram.api.track.RunStatus;
import org.cram.api.track.TrackedRun;

/**
 * One run in an MLflow file store, {@code <root>/<expId>/<runId>/}: meta.yaml, {@code metrics/}, {@code params/},
 * {@code tags/} and {@code artifacts/}. Created by {@link FileStoreTracker#startRun}.
 *
 * <p>meta.yaml is only ever replaced atomically (temp file in the run folder, then an atomic rename); metric files
 * are created with their first line and then only appended to; params, tags and meta.yaml hold no trailing newline
 * beyond what MLflow writes. All methods are thread-safe. After {@link #end} every logging call throws
 * {@link IllegalStateException} naming the run id.
 *
 * <p>A write that fails (a full disk, a vanished folder) throws {@link UncheckedIOException} and leaves meta.yaml
 * as it was; the first such failure is kept and, when the run then ends other than FINISHED (e.g. {@link #close}
 * after the exception), written as the tag {@value MlflowTags#FAILURE_REASON} before meta.yaml says FAILED.
 */
public final class FileStoreRun implements TrackedRun {

    /** MLflow's {@code SourceType.LOCAL}. */
    static final int SOURCE_TYPE_LOCAL = 4;

    private final String experimentId;
    private final String runId;
    private final String runName;
    private final String userId;
    private final Path runDir;
    private final Clock clock;
    private final long startTime;
    private final Consumer<FileStoreRun> onEnd;
    private RunStatus status = RunStatus.RUNNING;
    private String failure;
    /** Metric key to its validated file, so that a step's metrics skip validation after the first point. */
    private final Map<String, Path> metricFiles = new java.util.HashMap<>();
    private final MetricAppenders appenders;

    private FileStoreRun(Path runDir, String experimentId, String runName, String userId, Clock clock,
                         long startTime, Consumer<FileStoreRun> onEnd) {
        this.runDir = runDir;
        this.experimentId = experimentId;
        this.runId = runDir.getFileName().toString();
        this.runName = runName;
        this.userId = userId;
        this.clock = clock;
        this.startTime = startTime;
        this.onEnd = onEnd;
        this.appenders = new MetricAppenders(runDir);
    }

    /**
     * Writes a new RUNNING run, started now, into an existing, empty run folder (named by the run id).
     *
     * @param onEnd called once when the run ends (the tracker forgets it)
     */
    static FileStoreRun create(Path runDir, String experimentId, String runName, String userId, Clock clock,
                               Consumer<FileStoreRun> onEnd) {
        return create(runDir, experimentId, runName, userId, clock, clock.millis(), onEnd);
    }

    /** Like {@link #create(Path, String, String, String, Clock, Consumer)} with a given start time. */
    static FileStoreRun create(Path runDir, String experimentId, String runName, String userId, Clock clock,
                               long startTime, Consumer<FileStoreRun> onEnd) {
        FileStoreRun run = new FileStoreRun(runDir, experimentId, runName, userId, clock, startTime, onEnd);
        run.writeMeta(RunStatus.RUNNING, null);
        try {
            for (String sub : List.of("metrics", "params", "tags", "artifacts")) {
                Files.createDirectories(runDir.resolve(sub));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create folders of run " + run.runId + " in " + runDir, e);
        }
        return run;
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public String experimentId() {
        return experimentId;
    }

    public String runName() {
        return runName;
    }

    /** {@code <root>/<expId>/<runId>}. */
    public Path runDir() {
        return runDir;
    }

    /** {@code <runDir>/artifacts}. */
    public Path artifactDir() {
        return runDir.resolve("artifacts");
    }

    /** The absolute {@code file://} URI of {@link #artifactDir()}, as written to meta.yaml. */
    public String artifactUri() {
        return fileUri(artifactDir());
    }

    /** RUNNING until {@link #end}, then the terminal status. */
    public synchronized RunStatus status() {
        return status;
    }

    public synchronized boolean isEnded() {
        return status != RunStatus.RUNNING;
    }

    /**
     * Logs a param ({@code params/<key>}). Params are immutable: the same value again is a no-op, a different one an
     * {@link IllegalArgumentException} naming the key and both values.
     */
    @Override
    public synchronized void logParam(String key, String value) {
        checkOpen("param '" + key + "'");
        MlflowKeys.validate("param", key);
        Objects.requireNonNull(value, () -> "value of param '" + key + "' must not be null");
        Path file = KeyFiles.resolve(runDir.resolve("params"), "param", key);
        if (Files.isRegularFile(file)) {
            String old = read(file);
            if (old.equals(value)) {
                return;
            }
            throw new IllegalArgumentException("param '" + key + "' of run " + runId + " is already '" + old
                    + "'; MLflow params are immutable, cannot change it to '" + value + "'");
        }
        io(() -> AtomicFiles.write(file, value, runDir));
    }

    /** Sets (or replaces) a tag ({@code tags/<key>}). */
    @Override
    public synchronized void setTag(String key, String value) {
        checkOpen("tag '" + key + "'");
        MlflowKeys.validate("tag", key);
        Objects.requireNonNull(value, () -> "value of tag '" + key + "' must not be null");
        Path file = KeyFiles.resolve(runDir.resolve("tags"), "tag", key);
        io(() -> AtomicFiles.write(file, value, runDir));
    }

    /** Sets the run's markdown description (tag {@value MlflowTags#NOTE_CONTENT}). */
    public void setDescription(String markdown) {
        setTag(MlflowTags.NOTE_CONTENT, markdown);
    }

    /** Appends {@code "<now_ms> <value> <step>\n"} to {@code metrics/<key>}; a new file is created with that line. */
    @Override
    public synchronized void logMetric(String key, double value, long step) {
        checkOpen("metric '" + key + "'");
        Path file = metricFile(key);
        String line = MetricLines.format(clock.millis(), value, step);
        io(() -> appenders.append(file, line)); // never an empty metric file, even for a moment
    }

    /**
     * Appends points with their own timestamps to {@code metrics/<key>} in one write (used to restore a run logged
     * elsewhere, e.g. on a server that went away).
     */
    synchronized void appendMetrics(String key, List<FileStoreReader.MetricPoint> points) {
        checkOpen("metric '" + key + "'");
        Path file = metricFile(key);
        if (points.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder(points.size() * 32);
        for (FileStoreReader.MetricPoint p : points) {
            lines.append(MetricLines.format(p.timestamp(), p.value(), p.step()));
        }
        io(() -> appenders.append(file, lines.toString()));
    }

    /**
     * Copies a regular file to {@code artifacts/<artifactPath>/<file name>} (replacing an earlier copy).
     *
     * @param artifactPath relative folder, {@code null} or empty for the artifacts root; no {@code ..}
     */
    @Override
    public synchronized void logArtifact(Path file, String artifactPath) {
        checkOpen("artifact " + file);
        Path dest = artifactFolder(artifactPath);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("artifact " + file + " of run " + runId
                    + " is not a regular file (use logArtifacts for a folder)");
        }
        io(() -> {
            try {
                Files.createDirectories(dest);
                Files.copy(file, dest.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy artifact " + file + " to " + dest, e);
            }
        });
    }

    /** Copies the contents of a folder, recursively, under {@code artifacts/<artifactPath>/} (like MLflow's). */
    public synchronized void logArtifacts(Path dir, String artifactPath) {
        checkOpen("artifacts " + dir);
        Path dest = artifactFolder(artifactPath);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("artifact folder " + dir + " of run " + runId + " is not a folder");
        }
        io(() -> copyTree(dir, dest));
    }

    /**
     * Ends the run: rewrites meta.yaml with the status code and {@code end_time}.
     *
     * @param status FINISHED, FAILED or KILLED
     * @throws IllegalStateException    if the run already ended
     * @throws IllegalArgumentException for a non-terminal status
     */
    @Override
    public void end(RunStatus status) {
        endAt(status, clock.millis());
    }

    /** Like {@link #end} with a given end time (epoch milliseconds). */
    void endAt(RunStatus status, long endTime) {
        synchronized (this) {
            if (status == RunStatus.RUNNING || status == RunStatus.SCHEDULED || status == null) {
                throw new IllegalArgumentException("run " + runId + " must end with FINISHED, FAILED or KILLED, not "
                        + status);
            }
            checkOpen("end(" + status + ")");
            try {
                io(appenders::close);
            } finally {
                io(() -> writeMeta(status, endTime));
            }
            this.status = status;
        }
        onEnd.accept(this);
    }

    /** Ends the run FAILED unless it already ended. */
    @Override
    public void close() {
        closeAs(RunStatus.FAILED);
    }

    /** Ends the run with this terminal status unless it already ended. */
    void closeAs(RunStatus terminal) {
        synchronized (this) {
            if (isEnded()) {
                return;
            }
            if (failure != null && terminal != RunStatus.FINISHED) {
                try {
                    setTag(MlflowTags.FAILURE_REASON, failure);
                } catch (UncheckedIOException stillFailing) {
                    // meta.yaml below still records the end if the disk allows it
                }
            }
            end(terminal);
        }
    }

    @Override
    public String toString() {
        return "FileStoreRun[" + runId + " '" + runName + "' in experiment " + experimentId + ", " + status() + "]";
    }

    /** Absolute {@code file://} URI of a folder, without trailing slash (as MLflow writes them). */
    static String fileUri(Path dir) {
        String uri = dir.toAbsolutePath().normalize().toUri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private Path artifactFolder(String artifactPath) {
        String rel = MlflowKeys.validateArtifactPath(artifactPath);
        Path base = artifactDir();
        Path dest = rel.isEmpty() ? base : base.resolve(rel).normalize();
        if (!dest.startsWith(base)) {
            throw new IllegalArgumentException("invalid artifact path '" + artifactPath + "': leaves the artifacts folder");
        }
        return dest;
    }

    /** Runs a write, keeping the first failure's description for {@value MlflowTags#FAILURE_REASON}. */
    private synchronized void io(Runnable write) {
        try {
            write.run();
        } catch (UncheckedIOException e) {
            if (failure == null) {
                failure = e.getMessage() + " (" + e.getCause() + ")";
            }
            throw e;
        }
    }

    private Path metricFile(String key) {
        Path file = metricFiles.get(key);
        if (file == null) {
            MlflowKeys.validate("metric", key);
            file = KeyFiles.resolve(runDir.resolve("metrics"), "metric", key);
            metricFiles.put(key, file);
        }
        return file;
    }

    private static void copyTree(Path dir, Path dest) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = dest.resolve(dir.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy artifacts from " + dir + " to " + dest, e);
        }
    }

    private void checkOpen(String what) {
        if (status != RunStatus.RUNNING) {
            throw new IllegalStateException("run " + runId + " has already ended (" + status + "); cannot log "
                    + what);
        }
    }

    private void writeMeta(RunStatus newStatus, Long endTime) {
        Map<String, Object> meta = new TreeMap<>();
        meta.put("artifact_uri", artifactUri());
        meta.put("end_time", endTime);
        meta.put("entry_point_name", "");
        meta.put("experiment_id", experimentId);
        meta.put("lifecycle_stage", "active");
        meta.put("run_id", runId);
        meta.put("run_name", runName);
        meta.put("run_uuid", runId);
        meta.put("source_name", "");
        meta.put("source_type", SOURCE_TYPE_LOCAL);
        meta.put("source_version", "");
        meta.put("start_time", startTime);
        meta.put("status", newStatus.code());
        meta.put("tags", List.of());
        meta.put("user_id", userId);
        MlflowYaml.writeAtomically(runDir.resolve(FileStoreReader.META), meta);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
