package org.cram.experiments.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cram.api.track.RunStatus;

/**
 * Reads experiments and runs back from an MLflow file store (written by {@link FileStoreTracker} or by MLflow).
 * Experiment folders whose meta.yaml is missing or unreadable are skipped, as MLflow skips them; hidden folders
 * (such as MLflow's {@code .trash}) are not active experiments.
 */
public final class FileStoreReader {

    /** An experiment's meta.yaml. Times are epoch milliseconds (0 if the file has none). */
    public record ExperimentInfo(String experimentId, String name, String artifactLocation, long creationTime,
                                 long lastUpdateTime, String lifecycleStage) {
    }

    /** A run's meta.yaml. {@code endTime} is empty while the run is RUNNING. */
    public record RunInfo(String runId, String experimentId, String runName, RunStatus status, long startTime,
                          OptionalLong endTime, String userId, String artifactUri, String lifecycleStage) {
    }

    /** One line of a metric file. */
    public record MetricPoint(long timestamp, double value, long step) {
    }

    static final String META = "meta.yaml";
    static final String TRASH = ".trash";

    private final Path root;

    /** @param root the store root (the folder holding {@code 0/}, e.g. {@code ./mlruns}) */
    public FileStoreReader(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Active experiments, ordered by id. */
    public List<ExperimentInfo> experiments() {
        return scanExperiments(root);
    }

    /** The active experiment with this name, if any. */
    public Optional<ExperimentInfo> experimentByName(String name) {
        return experiments().stream().filter(e -> name.equals(e.name())).findFirst();
    }

    /** A deleted experiment (in MLflow's {@code .trash}) with this name, if any. */
    public Optional<ExperimentInfo> deletedExperimentByName(String name) {
        return scanExperiments(root.resolve(TRASH)).stream().filter(e -> name.equals(e.name())).findFirst();
    }

    /** The experiment with this id; {@link IllegalArgumentException} if it has no meta.yaml. */
    public ExperimentInfo experiment(String experimentId) {
        Path meta = root.resolve(experimentId).resolve(META);
        if (!Files.isRegularFile(meta)) {
            throw new IllegalArgumentException("no experiment " + experimentId + " in " + root);
        }
        return experimentInfo(MlflowYaml.read(meta));
    }

    /** Experiment tags ({@code <expId>/tags/<key>}). */
    public Map<String, String> experimentTags(String experimentId) {
        return readValues(root.resolve(experimentId).resolve("tags"));
    }

    /** The runs of an experiment (folders holding a meta.yaml), ordered by start time. */
    public List<RunInfo> runs(String experimentId) {
        Path dir = root.resolve(experimentId);
        List<RunInfo> runs = new ArrayList<>();
        for (Path runDir : subdirectories(dir)) {
            if (Files.isRegularFile(runDir.resolve(META))) {
                runs.add(run(experimentId, runDir.getFileName().toString()));
            }
        }
        runs.sort(Comparator.comparingLong(RunInfo::startTime));
        return runs;
    }

    /** A run's meta.yaml. */
    public RunInfo run(String experimentId, String runId) {
        Map<String, String> m = MlflowYaml.read(runDir(experimentId, runId).resolve(META));
        String end = m.get("end_time");
        String id = m.get("run_id") != null ? m.get("run_id") : m.get("run_uuid"); // run_uuid only: MLflow < 1.0
        return new RunInfo(id, m.get("experiment_id"), m.get("run_name"),
                RunStatus.ofCode(Integer.parseInt(required(m, "status", runId))),
                Long.parseLong(required(m, "start_time", runId)),
                end == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(end)),
                m.get("user_id"), m.get("artifact_uri"), m.get("lifecycle_stage"));
    }

    /** Finds a run by id in any active experiment. */
    public Optional<RunInfo> findRun(String runId) {
        for (ExperimentInfo e : experiments()) {
            if (Files.isRegularFile(runDir(e.experimentId(), runId).resolve(META))) {
                return Optional.of(run(e.experimentId(), runId));
            }
        }
        return Optional.empty();
    }

    /** The run's folder ({@code <root>/<expId>/<runId>}). */
    public Path runDir(String experimentId, String runId) {
        return root.resolve(experimentId).resolve(runId);
    }

    /** Params by key (keys with {@code /} come from subfolders). */
    public Map<String, String> params(String experimentId, String runId) {
        return readValues(runDir(experimentId, runId).resolve("params"));
    }

    /** Tags by key. */
    public Map<String, String> tags(String experimentId, String runId) {
        return readValues(runDir(experimentId, runId).resolve("tags"));
    }

    /** Every metric's history, by key. */
    public Map<String, List<MetricPoint>> metrics(String experimentId, String runId) {
        Path dir = runDir(experimentId, runId).resolve("metrics");
        Map<String, List<MetricPoint>> out = new TreeMap<>();
        for (Path file : files(dir)) {
            out.put(key(dir, file), readMetric(file));
        }
        return out;
    }

    /** One metric's history in file order; empty if the metric was never logged. */
    public List<MetricPoint> metric(String experimentId, String runId, String key) {
        Path file = runDir(experimentId, runId).resolve("metrics").resolve(key);
        return Files.isRegularFile(file) ? readMetric(file) : List.of();
    }

    private static List<MetricPoint> readMetric(Path file) {
        try {
            List<MetricPoint> points = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    points.add(MetricLines.parse(line));
                }
            }
            return points;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read metric file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static List<ExperimentInfo> scanExperiments(Path dir) {
        List<ExperimentInfo> out = new ArrayList<>();
        for (Path expDir : subdirectories(dir)) {
            if (expDir.getFileName().toString().startsWith(".")) {
                continue;
            }
            Path meta = expDir.resolve(META);
            if (!Files.isRegularFile(meta)) {
                continue;
            }
            try {
                out.add(experimentInfo(MlflowYaml.read(meta)));
            } catch (RuntimeException malformed) {
                // MLflow skips malformed experiments too
            }
        }
        out.sort(Comparator.comparing(ExperimentInfo::experimentId,
                Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder())));
        return out;
    }

    private static ExperimentInfo experimentInfo(Map<String, String> m) {
        return new ExperimentInfo(m.get("experiment_id"), m.get("name"), m.get("artifact_location"),
                longOrZero(m.get("creation_time")), longOrZero(m.get("last_update_time")), m.get("lifecycle_stage"));
    }

    private static long longOrZero(String s) {
        return s == null ? 0L : Long.parseLong(s);
    }

    private static String required(Map<String, String> m, String key, String runId) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("run " + runId + ": meta.yaml has no " + key);
        }
        return v;
    }

    private static Map<String, String> readValues(Path dir) {
        Map<String, String> out = new TreeMap<>();
        for (Path file : files(dir)) {
            try {
                out.put(key(dir, file), Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return out;
    }

    private static String key(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static List<Path> subdirectories(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
