package org.cram.experiments.tracking;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cram.api.track.RunStatus;

/**
 * Ends the runs of a file store whose writer died without ending them. A process killed with SIGKILL (or by the
 * OOM killer, or a power cut) cannot run a shutdown hook, so its runs would stay RUNNING forever in the UI. Each run
 * records its writer ({@link MlflowTags#WRITER}); a run still RUNNING whose writer {@link
 * WriterProcess#isCertainlyDead() certainly ended} is marked FAILED with the reason as tag
 * {@link MlflowTags#FAILURE_REASON}, meta.yaml rewritten atomically. Runs of live writers, of other hosts and
 * without the tag are left alone. Run by {@code cram mlflow repair STORE}.
 */
public final class AbandonedRuns {
    private AbandonedRuns() {
    }

    /** One run that was ended. */
    public record Ended(String experimentId, String runId, String runName, String writer) {
    }

    /** Marks every abandoned run under {@code root} FAILED, ended now; returns them. */
    public static List<Ended> markFailed(Path root, Clock clock) {
        FileStoreReader reader = new FileStoreReader(root);
        List<Ended> ended = new ArrayList<>();
        for (FileStoreReader.ExperimentInfo e : reader.experiments()) {
            for (FileStoreReader.RunInfo run : reader.runs(e.experimentId())) {
                if (run.status() != RunStatus.RUNNING) {
                    continue;
                }
                String writer = reader.tags(e.experimentId(), run.runId()).get(MlflowTags.WRITER);
                Optional<WriterProcess> process = writer == null ? Optional.empty() : WriterProcess.parse(writer);
                if (process.isPresent() && process.get().isCertainlyDead()) {
                    end(reader.runDir(e.experimentId(), run.runId()), writer, clock.millis());
                    ended.add(new Ended(e.experimentId(), run.runId(), run.runName(), writer));
                }
            }
        }
        return ended;
    }

    private static void end(Path runDir, String writer, long endTime) {
        Path tags = runDir.resolve("tags");
        AtomicFiles.write(KeyFiles.resolve(tags, "tag", MlflowTags.FAILURE_REASON),
                "its writer (process " + writer + ") ended without ending the run, e.g. killed", runDir);
        Path metaFile = runDir.resolve(FileStoreReader.META);
        Map<String, Object> meta = new LinkedHashMap<>();
        MlflowYaml.read(metaFile).forEach((k, v) -> meta.put(k, typed(k, v)));
        meta.put("status", RunStatus.FAILED.code());
        meta.put("end_time", endTime);
        MlflowYaml.writeAtomically(metaFile, meta);
    }

    /** meta.yaml's integer fields back as numbers (MLflow hides a run whose status is text), the rest as read. */
    private static Object typed(String key, String value) {
        return switch (key) {
            case "start_time", "end_time", "source_type", "status" -> value == null || value.equals("null") ? null
                    : Long.parseLong(value);
            case "tags" -> List.of();
            default -> value;
        };
    }
}
