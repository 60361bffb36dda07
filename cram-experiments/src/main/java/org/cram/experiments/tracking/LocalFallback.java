package org.cram.experiments.tracking;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.cram.api.track.RunStatus;

/**
 * The local MLflow file store where the runs of a {@link RestTracker} go when its server does not come back: each
 * run is written whole (everything logged so far, sent or not) under its server run id, in an experiment of the
 * same name, so that {@link MlflowSync} can later complete the very same run on the server. The store is opened on
 * first use. Thread-safe.
 */
final class LocalFallback implements AutoCloseable {

    private final Path root;
    private final Clock clock;
    private final String user;
    private final String sourceName;
    private FileStoreTracker tracker;

    LocalFallback(Path root, Clock clock, String user, String sourceName) {
        this.root = root.toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.user = user;
        this.sourceName = sourceName;
    }

    /** The store root (absolute). */
    Path root() {
        return root;
    }

    /**
     * Writes a RUNNING run with everything in the journal and returns it, to be logged into and ended by the caller.
     * Artifacts whose file no longer exists are named in {@code problems}. If writing fails, the half-written run
     * folder is removed before the exception is thrown.
     */
    synchronized FileStoreRun restore(String experimentName, String runId, String runName, long startTime,
                                      RunJournal journal, List<String> problems) {
        if (tracker == null) {
            tracker = new FileStoreTracker(root, clock, user, sourceName, Map.of());
        }
        FileStoreRun run = tracker.importRun(experimentName, runId, runName, startTime);
        try {
            journal.params.forEach(run::logParam);
            if (!journal.tags.containsKey(MlflowTags.RUN_NAME)) {
                run.setTag(MlflowTags.RUN_NAME, runName);
            }
            journal.tags.forEach(run::setTag);
            journal.metrics.byKey().forEach(run::appendMetrics);
            for (RunJournal.ArtifactEntry artifact : journal.artifacts) {
                Path content = artifact.content();
                if (Files.isRegularFile(content)) {
                    run.logArtifact(content, artifact.folder);
                } else {
                    problems.add("artifact " + artifact.source + " no longer exists and is not in the local copy");
                }
            }
            return run;
        } catch (RuntimeException e) {
            run.endAt(RunStatus.FAILED, clock.millis());
            deleteTree(run.runDir());
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (tracker != null) {
            tracker.close();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
