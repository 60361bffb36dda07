package org.cram.experiments.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Finds experiments by name and creates missing ones (including MLflow's Default experiment {@code 0}).
 *
 * <p>Ids are random positive 64-bit integers of 18-19 digits, like MLflow's own; the id folder is claimed with an
 * atomic {@link Files#createDirectory}. Name lookup and creation run under a store-wide lock so that two trackers
 * (threads or processes) asking for the same new name create it once: an in-JVM lock per store root plus an OS
 * file lock on {@value #LOCK_FILE} in the root (MLflow only looks at folders there, so the file is ignored by it).
 * MLflow's own clients do not take this lock.
 */
final class ExperimentRegistry {

    /** Lock file in the store root, guarding experiment creation across processes. */
    static final String LOCK_FILE = ".cram-experiments.lock";
    static final String DEFAULT_ID = "0";
    static final String DEFAULT_NAME = "Default";

    private static final long MIN_ID = 100_000_000_000_000_000L; // 18 digits
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path root;
    private final Clock clock;
    private final FileStoreReader reader;
    private final SecureRandom random = new SecureRandom();

    /** Creates the root folder if needed. */
    ExperimentRegistry(Path root, Clock clock) {
        try {
            this.root = Files.createDirectories(root.toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create MLflow store root " + root, e);
        }
        this.clock = clock;
        this.reader = new FileStoreReader(this.root);
    }

    Path root() {
        return root;
    }

    Path experimentDir(String experimentId) {
        return root.resolve(experimentId);
    }

    /** Writes {@code 0/meta.yaml} (name Default) unless present. */
    void ensureDefaultExperiment() {
        if (Files.isRegularFile(experimentDir(DEFAULT_ID).resolve(FileStoreReader.META))) {
            return;
        }
        withStoreLock(() -> {
            Path dir = experimentDir(DEFAULT_ID);
            if (!Files.isRegularFile(dir.resolve(FileStoreReader.META))) {
                try {
                    Files.createDirectories(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create " + dir, e);
                }
                writeMeta(DEFAULT_ID, DEFAULT_NAME);
            }
            return null;
        });
    }

    /**
     * The id of the active experiment with this name, created if missing.
     *
     * @throws IllegalStateException if only a deleted experiment (in {@code .trash}) has this name, since MLflow
     *                               refuses to create a second one
     */
    String getOrCreate(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("experiment name must not be blank");
        }
        Optional<FileStoreReader.ExperimentInfo> found = reader.experimentByName(name);
        if (found.isPresent()) {
            return found.get().experimentId();
        }
        return withStoreLock(() -> {
            Optional<FileStoreReader.ExperimentInfo> again = reader.experimentByName(name);
            if (again.isPresent()) {
                return again.get().experimentId();
            }
            reader.deletedExperimentByName(name).ifPresent(deleted -> {
                throw new IllegalStateException("experiment '" + name + "' exists but is deleted (" + root
                        + "/.trash/" + deleted.experimentId() + "); restore it with 'mlflow experiments restore"
                        + " --experiment-id " + deleted.experimentId() + "' or purge it with 'mlflow gc'");
            });
            String id = claimNewId();
            writeMeta(id, name);
            return id;
        });
    }

    /** Sets an experiment tag ({@code <expId>/tags/<key>}, no trailing newline). */
    void setTag(String experimentId, String key, String value) {
        MlflowKeys.validate("experiment tag", key);
        Path dir = experimentDir(experimentId);
        AtomicFiles.write(KeyFiles.resolve(dir.resolve("tags"), "experiment tag", key), value, dir);
    }

    private String claimNewId() {
        while (true) {
            long candidate = random.nextLong() & Long.MAX_VALUE;
            if (candidate < MIN_ID) {
                continue;
            }
            String id = Long.toString(candidate);
            try {
                Files.createDirectory(experimentDir(id));
                return id;
            } catch (FileAlreadyExistsException taken) {
                // astronomically unlikely; draw again
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create experiment folder in " + root, e);
            }
        }
    }

    private void writeMeta(String id, String name) {
        Path dir = experimentDir(id);
        long now = clock.millis();
        Map<String, Object> meta = new TreeMap<>();
        meta.put("artifact_location", FileStoreRun.fileUri(dir));
        meta.put("creation_time", now);
        meta.put("experiment_id", id);
        meta.put("last_update_time", now);
        meta.put("lifecycle_stage", "active");
        meta.put("name", name);
        MlflowYaml.writeAtomically(dir.resolve(FileStoreReader.META), meta);
    }

    private <T> T withStoreLock(Supplier<T> action) {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockKey(), k -> new ReentrantLock());
        jvmLock.lock();
        try (FileChannel channel = FileChannel.open(root.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            return action.get();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + root.resolve(LOCK_FILE), e);
        } finally {
            jvmLock.unlock();
        }
    }

    private Path lockKey() {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return root;
        }
    }
}
