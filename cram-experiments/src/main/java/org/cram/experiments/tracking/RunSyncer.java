package org.cram.experiments.tracking;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.cram.api.track.RunStatus;

/**
 * Uploads one run of a local MLflow file store to a server, for {@link MlflowSync}, so that doing it again creates
 * nothing twice. The run on the server is, in this order: the run with the same id (a {@link RestRun} that fell back
 * to the local store kept its server run id), else the run tagged {@value MlflowSync#SOURCE_RUN_ID_TAG} with the
 * local id (an earlier sync), else a new run, created with that tag. A server run that has ended is complete and is
 * skipped: the end is always sent last. Otherwise the run is completed: params, tags and artifacts that differ are
 * sent (all idempotent), metric points are checked against the server's history ({@link MetricReconciler}) and only
 * missing ones are sent, then the status and end time.
 */
final class RunSyncer {

    /** MLflow's limit of tags in one {@code runs/log-batch} request. */
    static final int MAX_TAGS_PER_BATCH = 100;

    /** What happened to a run. */
    enum Outcome { CREATED, COMPLETED, SKIPPED }

    /** The outcome, the run's id on the server, and what was sent. */
    record Result(Outcome outcome, String serverRunId, long metrics, int params, int tags, int artifacts) {
    }

    private final RunApi api;
    private final ArtifactUploader uploader;
    private final FileStoreReader reader;

    RunSyncer(RunApi api, ArtifactUploader uploader, FileStoreReader reader) {
        this.api = Objects.requireNonNull(api, "api");
        this.uploader = Objects.requireNonNull(uploader, "uploader");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /**
     * Uploads a run.
     *
     * @param serverIds local run id to server run id of the runs synced so far (parents come first); the parent
     *                  link of this run is translated through it
     * @throws MlflowServerException if a request fails (a transient failure leaves the run to be completed by the
     *                               next sync)
     * @throws IllegalStateException if the server's copy conflicts (a param with another value, a deleted run)
     */
    Result sync(FileStoreReader.RunInfo run, String serverExperimentId, Map<String, String> serverIds) {
        String localId = run.runId();
        Map<String, String> tags = new LinkedHashMap<>(reader.tags(run.experimentId(), localId));
        String parent = tags.get(MlflowTags.PARENT_RUN_ID);
        if (parent != null) {
            tags.put(MlflowTags.PARENT_RUN_ID, serverIds.getOrDefault(parent, parent));
        }
        tags.put(MlflowSync.SOURCE_RUN_ID_TAG, localId);
        if (run.runName() != null && !run.runName().isBlank()) {
            tags.putIfAbsent(MlflowTags.RUN_NAME, run.runName());
        }

        Optional<RunApi.RemoteRun> existing = findOnServer(localId, serverExperimentId);
        RunApi.RemoteRun target;
        Outcome outcome;
        if (existing.isPresent()) {
            target = existing.get();
            if (target.isTerminated()) {
                return new Result(Outcome.SKIPPED, target.runId(), 0, 0, 0, 0);
            }
            outcome = Outcome.COMPLETED;
        } else {
            target = api.createRun(serverExperimentId, run.runName(), run.startTime(),
                    run.userId() == null ? "" : run.userId(), tags);
            outcome = Outcome.CREATED;
        }
        String targetId = target.runId();

        int params = sendParams(run, target);
        int tagCount = sendTags(tags, target);
        long metrics = sendMetrics(run, targetId, outcome == Outcome.CREATED);
        int artifacts = uploadArtifacts(run, target);
        if (run.status() != RunStatus.RUNNING && run.status() != RunStatus.SCHEDULED) {
            api.updateRun(targetId, run.status(), run.endTime().orElse(run.startTime()));
        }
        return new Result(outcome, targetId, metrics, params, tagCount, artifacts);
    }

    private Optional<RunApi.RemoteRun> findOnServer(String localId, String serverExperimentId) {
        Optional<RunApi.RemoteRun> same = api.getRun(localId);
        if (same.isPresent()) {
            if (!"active".equals(same.get().lifecycleStage())) {
                throw new IllegalStateException("run " + localId + " is deleted on the server; restore it (mlflow"
                        + " runs restore --run-id " + localId + ") to complete it, or delete it permanently (mlflow gc)"
                        + " to upload it again");
            }
            return same;
        }
        String filter = "tags.`" + MlflowSync.SOURCE_RUN_ID_TAG + "` = '" + localId.replace("'", "\\'") + "'";
        List<RunApi.RemoteRun> found = api.searchRuns(serverExperimentId, filter);
        return found.stream().filter(r -> localId.equals(r.tags().get(MlflowSync.SOURCE_RUN_ID_TAG))).findFirst();
    }

    private int sendParams(FileStoreReader.RunInfo run, RunApi.RemoteRun target) {
        Map<String, String> missing = new LinkedHashMap<>();
        reader.params(run.experimentId(), run.runId()).forEach((key, value) -> {
            String there = target.params().get(key);
            if (there == null) {
                missing.put(key, value);
            } else if (!there.equals(value)) {
                throw new IllegalStateException("param '" + key + "' of run " + run.runId() + " is '" + value
                        + "' here but '" + there + "' on the server (run " + target.runId() + "); params are"
                        + " immutable");
            }
        });
        for (Map<String, String> chunk : chunks(missing, RestRun.MAX_PARAMS_PER_BATCH)) {
            api.logBatch(target.runId(), List.of(), chunk, Map.of());
        }
        return missing.size();
    }

    private int sendTags(Map<String, String> tags, RunApi.RemoteRun target) {
        Map<String, String> differing = new LinkedHashMap<>();
        tags.forEach((key, value) -> {
            if (!value.equals(target.tags().get(key))) {
                differing.put(key, value);
            }
        });
        for (Map<String, String> chunk : chunks(differing, MAX_TAGS_PER_BATCH)) {
            api.logBatch(target.runId(), List.of(), Map.of(), chunk);
        }
        return differing.size();
    }

    private long sendMetrics(FileStoreReader.RunInfo run, String targetId, boolean newRun) {
        long sent = 0;
        List<MetricValue> batch = new ArrayList<>();
        for (Map.Entry<String, List<FileStoreReader.MetricPoint>> e
                : reader.metrics(run.experimentId(), run.runId()).entrySet()) {
            List<MetricValue> points = new ArrayList<>(e.getValue().size());
            for (FileStoreReader.MetricPoint p : e.getValue()) {
                points.add(new MetricValue(e.getKey(), p.value(), p.timestamp(), p.step()));
            }
            List<MetricValue> missing = newRun ? points : MetricReconciler.notOnServer(api, targetId, points);
            for (MetricValue point : missing) {
                batch.add(point);
                if (batch.size() == RestRun.MAX_METRICS_PER_BATCH) {
                    api.logBatch(targetId, batch, Map.of(), Map.of());
                    sent += batch.size();
                    batch = new ArrayList<>();
                }
            }
        }
        if (!batch.isEmpty()) {
            api.logBatch(targetId, batch, Map.of(), Map.of());
            sent += batch.size();
        }
        return sent;
    }

    private int uploadArtifacts(FileStoreReader.RunInfo run, RunApi.RemoteRun target) {
        Path dir = reader.runDir(run.experimentId(), run.runId()).resolve("artifacts");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the artifacts of run " + run.runId() + " in " + dir, e);
        }
        String root = ArtifactUploader.runArtifactRoot(target.artifactUri(), target.experimentId(), target.runId());
        for (Path file : files) {
            Path parent = dir.relativize(file).getParent();
            String folder = parent == null ? "" : parent.toString().replace(File.separatorChar, '/');
            uploader.upload(file, root, MlflowKeys.validateArtifactPath(folder), target.artifactUri());
        }
        return files.size();
    }

    private static List<Map<String, String>> chunks(Map<String, String> values, int size) {
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> chunk = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            chunk.put(e.getKey(), e.getValue());
            if (chunk.size() == size) {
                out.add(chunk);
                chunk = new LinkedHashMap<>();
            }
        }
        if (!chunk.isEmpty()) {
            out.add(chunk);
        }
        return out;
    }
}
