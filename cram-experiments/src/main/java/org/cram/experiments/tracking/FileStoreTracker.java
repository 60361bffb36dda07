package org.cram.experiments.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.cram.api.track.RunStatus;
import org.cram.api.track.RunTracker;
import org.cram.api.track.TrackedRun;

/**
 * An embedded MLflow tracker: writes runs straight into a file store that
 * {@code mlflow ui --backend-store-uri file:<root>} displays, with no server.
 *
 * <p>On construction the store root and its Default experiment ({@code 0}) are created if missing, and a JVM
 * shutdown hook is registered that ends every still-open run, so a crashed or killed program leaves no run RUNNING
 * forever: KILLED if the JVM is shutting down because of SIGINT or SIGTERM (Ctrl-C, {@code kill}), FAILED for any
 * other exit ({@code System.exit}, {@code main} returning or dying with open runs); see {@link InterruptSignals}.
 * {@link #close()} ends open runs FAILED and removes the hook.
 *
 * <p>Every run gets the tags {@value MlflowTags#RUN_NAME}, {@value MlflowTags#USER}, {@value MlflowTags#SOURCE_NAME}
 * and {@value MlflowTags#SOURCE_TYPE} ({@code LOCAL}), {@value MlflowTags#PARENT_RUN_ID} when nested, and the
 * tracker's default tags (e.g. {@value MlflowTags#GIT_COMMIT}); the system tags win over default tags of the same
 * key. See {@link ExperimentRegistry} for how experiments are found and created safely from several trackers.
 */
public final class FileStoreTracker implements RunTracker {

    /** Id of MLflow's Default experiment. */
    public static final String DEFAULT_EXPERIMENT_ID = ExperimentRegistry.DEFAULT_ID;
    /** Name of MLflow's Default experiment. */
    public static final String DEFAULT_EXPERIMENT_NAME = ExperimentRegistry.DEFAULT_NAME;

    private static final System.Logger LOG = System.getLogger(FileStoreTracker.class.getName());

    private final ExperimentRegistry experiments;
    private final Clock clock;
    private final String user;
    private final String sourceName;
    private final Map<String, String> defaultTags;
    private final Set<FileStoreRun> openRuns = ConcurrentHashMap.newKeySet();
    private final Thread shutdownHook;
    private volatile boolean closed;

    /** A tracker with the main class as source name and no default tags. */
    public FileStoreTracker(Path root, Clock clock, String user) {
        this(root, clock, user, mainClassName(), Map.of());
    }

    /**
     * @param root        the store root, e.g. {@code ./mlruns} (created if missing)
     * @param clock       source of all timestamps (epoch milliseconds)
     * @param user        written as {@code user_id} and tag {@value MlflowTags#USER}
     * @param sourceName  tag {@value MlflowTags#SOURCE_NAME}, e.g. the main class
     * @param defaultTags tags set on every run this tracker starts (keys checked now)
     */
    public FileStoreTracker(Path root, Clock clock, String user, String sourceName, Map<String, String> defaultTags) {
        Objects.requireNonNull(root, "root");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        this.user = user;
        this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
        defaultTags.forEach((k, v) -> {
            MlflowKeys.validate("default tag", k);
            Objects.requireNonNull(v, () -> "value of default tag '" + k + "' must not be null");
        });
        this.defaultTags = Map.copyOf(defaultTags);
        this.experiments = new ExperimentRegistry(root, clock);
        experiments.ensureDefaultExperiment();
        InterruptSignals.install();
        this.shutdownHook = new Thread(() -> endOpenRuns(InterruptSignals.shutdownStatus()),
                "mlflow-file-store-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A tracker with the system clock (UTC), the {@code user.name} property and the main class as source. */
    public static FileStoreTracker open(Path root) {
        return open(root, Map.of());
    }

    /** Like {@link #open(Path)}, with default tags such as {@value MlflowTags#GIT_COMMIT}. */
    public static FileStoreTracker open(Path root, Map<String, String> defaultTags) {
        return new FileStoreTracker(root, Clock.systemUTC(), System.getProperty("user.name", "unknown"),
                mainClassName(), defaultTags);
    }

    /** The store root (absolute). */
    public Path root() {
        return experiments.root();
    }

    /** The id of the named experiment, created if missing. */
    public String experimentId(String experimentName) {
        checkNotClosed();
        return experiments.getOrCreate(experimentName);
    }

    /** Sets an experiment tag ({@code <expId>/tags/<key>}); the experiment is created if missing. */
    public void setExperimentTag(String experimentName, String key, String value) {
        Objects.requireNonNull(value, () -> "value of experiment tag '" + key + "' must not be null");
        experiments.setTag(experimentId(experimentName), key, value);
    }

    /** Starts a top-level run. */
    public FileStoreRun startRun(String experimentName, String runName) {
        return startRun(experimentName, runName, Optional.empty());
    }

    /**
     * Starts a run: a folder named by a fresh 32-hex run id, meta.yaml with status RUNNING and {@code end_time: null},
     * and the system and default tags.
     *
     * @param runName blank or {@code null} for a name derived from the run id
     */
    @Override
    public FileStoreRun startRun(String experimentName, String runName, Optional<String> parentRunId) {
        checkNotClosed();
        Objects.requireNonNull(parentRunId, "parentRunId (use Optional.empty())");
        if (parentRunId.isPresent() && parentRunId.get().isBlank()) {
            throw new IllegalArgumentException("parent run id must not be blank (use Optional.empty())");
        }
        MlflowKeys.validateRunName(runName);
        String experimentId = experiments.getOrCreate(experimentName);
        Path runDir = claimRunDir(experiments.experimentDir(experimentId));
        String runId = runDir.getFileName().toString();
        String name = runName == null || runName.isBlank() ? "run-" + runId.substring(0, 8) : runName;
        FileStoreRun run = FileStoreRun.create(runDir, experimentId, name, user, clock, openRuns::remove);
        synchronized (openRuns) {
            if (closed) { // close() ran while this run was being created
                run.close();
                checkNotClosed();
            }
            openRuns.add(run);
        }
        try {
            Map<String, String> tags = new LinkedHashMap<>(defaultTags);
            tags.put(MlflowTags.RUN_NAME, name);
            tags.put(MlflowTags.USER, user);
            tags.put(MlflowTags.SOURCE_NAME, sourceName);
            tags.put(MlflowTags.SOURCE_TYPE, "LOCAL");
            tags.put(MlflowTags.WRITER, WriterProcess.current().id());
            parentRunId.ifPresent(parent -> tags.put(MlflowTags.PARENT_RUN_ID, parent));
            tags.forEach(run::setTag);
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
        return run;
    }

    /**
     * Creates a RUNNING run with a given id, name and start time and no tags, to restore a run that was logged
     * elsewhere (a server that went away) under its own run id. The caller writes its tags, params and metrics.
     *
     * @throws IllegalArgumentException if the run id cannot be a run folder name
     * @throws IllegalStateException    if the store already has a run folder of that id in this experiment
     */
    FileStoreRun importRun(String experimentName, String runId, String runName, long startTime) {
        checkNotClosed();
        if (runId == null || !runId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("run id '" + runId + "' cannot name a run folder");
        }
        String experimentId = experiments.getOrCreate(experimentName);
        Path runDir = experiments.experimentDir(experimentId).resolve(runId);
        try {
            Files.createDirectory(runDir);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("run " + runId + " already exists in " + runDir.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run folder " + runDir, e);
        }
        FileStoreRun run = FileStoreRun.create(runDir, experimentId, runName, user, clock, startTime,
                openRuns::remove);
        synchronized (openRuns) {
            if (closed) {
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

    /** Ends every open run FAILED and removes the shutdown hook. Idempotent; later {@code startRun} calls fail. */
    @Override
    public void close() {
        synchronized (openRuns) {
            closed = true;
        }
        endOpenRuns(RunStatus.FAILED);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; nothing to remove
        }
    }

    /** The registered hook (package-private for tests). */
    Thread shutdownHook() {
        return shutdownHook;
    }

    private void endOpenRuns(RunStatus status) {
        for (FileStoreRun run : List.copyOf(openRuns)) {
            try {
                run.closeAs(status);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not mark run " + run.runId() + " " + status + " in " + run.runDir(), e);
            }
        }
    }

    private void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException("tracker for " + root() + " is closed");
        }
    }

    private static Path claimRunDir(Path experimentDir) {
        while (true) {
            Path dir = experimentDir.resolve(UUID.randomUUID().toString().replace("-", ""));
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException taken) {
                // draw again
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create run folder in " + experimentDir, e);
            }
        }
    }

    /** The main class from {@code sun.java.command} (first token), or {@code "java"} if unknown. */
    static String mainClassName() {
        String command = System.getProperty("sun.java.command", "").strip();
        if (command.isEmpty()) {
            return "java";
        }
        int space = command.indexOf(' ');
        return space < 0 ? command : command.substring(0, space);
    }
}
