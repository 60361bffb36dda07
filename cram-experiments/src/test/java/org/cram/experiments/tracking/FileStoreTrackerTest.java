package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.cram.api.track.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every layout rule of the MLflow file store, read back from disk. */
class FileStoreTrackerTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    private Path root;
    private final MutableClock clock = new MutableClock(T0);
    private FileStoreTracker tracker;
    private FileStoreReader reader;

    @BeforeEach
    void setUp() {
        root = tmp.resolve("mlruns");
        tracker = newTracker();
        reader = new FileStoreReader(root);
    }

    @AfterEach
    void tearDown() {
        tracker.close();
    }

    private FileStoreTracker newTracker() {
        return new FileStoreTracker(root, clock, "alice", "org.example.Main",
                Map.of(MlflowTags.GIT_COMMIT, "0123abcd"));
    }

    // ---- experiments ------------------------------------------------------------------------------------------

    @Test
    void newStoreGetsTheDefaultExperiment() throws IOException {
        Path meta = root.resolve("0").resolve("meta.yaml");
        assertThat(meta).isRegularFile();
        assertThat(read(meta)).isEqualTo("""
                artifact_location: %s
                creation_time: %d
                experiment_id: '0'
                last_update_time: %d
                lifecycle_stage: active
                name: Default
                """.formatted(fileUri(root.resolve("0")), T0, T0));
        assertThat(tracker.experimentId("Default")).isEqualTo("0");
    }

    @Test
    void experimentMetaHasEveryFieldSortedWithQuotedNumericId() throws IOException {
        clock.advance(42);
        String id = tracker.experimentId("cram sweep");

        assertThat(id).matches("[1-9][0-9]{17,18}");
        assertThat(Long.parseLong(id)).isPositive();
        Path dir = root.resolve(id);
        assertThat(read(dir.resolve("meta.yaml"))).isEqualTo("""
                artifact_location: %s
                creation_time: %d
                experiment_id: '%s'
                last_update_time: %d
                lifecycle_stage: active
                name: cram sweep
                """.formatted(fileUri(dir), T0 + 42, id, T0 + 42));
        assertThat(Path.of(URI.create(reader.experiment(id).artifactLocation()))).isEqualTo(dir.toAbsolutePath());
    }

    @Test
    void sameNameGivesSameExperimentAndOtherNamesOtherIds() {
        String a = tracker.experimentId("a");
        assertThat(tracker.experimentId("a")).isEqualTo(a);
        assertThat(tracker.startRun("a", "r").experimentId()).isEqualTo(a);
        assertThat(tracker.experimentId("b")).isNotEqualTo(a);
        assertThat(reader.experiments()).extracting(FileStoreReader.ExperimentInfo::name)
                .containsExactlyInAnyOrder("Default", "a", "b");
    }

    @Test
    void secondTrackerOnSameRootFindsExperimentByName() {
        String id = tracker.experimentId("shared");
        try (FileStoreTracker second = newTracker()) {
            assertThat(second.experimentId("shared")).isEqualTo(id);
            assertThat(second.startRun("shared", "r2").experimentId()).isEqualTo(id);
        }
        assertThat(reader.experiments()).filteredOn(e -> e.name().equals("shared")).hasSize(1);
    }

    @Test
    void concurrentTrackersCreateOneExperimentPerName() throws Exception {
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(pool.submit(() -> {
                    try (FileStoreTracker t = newTracker()) {
                        go.await();
                        return t.experimentId("race");
                    }
                }));
            }
            go.countDown();
            Set<String> distinct = new java.util.HashSet<>();
            for (Future<String> f : ids) {
                distinct.add(f.get());
            }
            assertThat(distinct).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(reader.experiments()).filteredOn(e -> e.name().equals("race")).hasSize(1);
    }

    @Test
    void experimentTagsHaveNoTrailingNewline() throws IOException {
        tracker.setExperimentTag("tagged", "mlflow.note.content", "# CrAM");
        String id = tracker.experimentId("tagged");
        assertThat(read(root.resolve(id).resolve("tags").resolve("mlflow.note.content"))).isEqualTo("# CrAM");
        assertThat(reader.experimentTags(id)).containsEntry("mlflow.note.content", "# CrAM");
    }

    @Test
    void deletedExperimentWithSameNameIsReportedNotDuplicated() throws IOException {
        Path trashed = Files.createDirectories(root.resolve(".trash").resolve("123456789012345678"));
        Files.writeString(trashed.resolve("meta.yaml"), """
                artifact_location: file:///x
                creation_time: 1
                experiment_id: '123456789012345678'
                last_update_time: 1
                lifecycle_stage: deleted
                name: gone
                """);
        assertThatThrownBy(() -> tracker.experimentId("gone")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'gone'").hasMessageContaining("deleted").hasMessageContaining("restore");
    }

    // ---- run meta.yaml ----------------------------------------------------------------------------------------

    @Test
    void runFolderIsNamedByRunIdWhichIsAlsoRunUuid() {
        FileStoreRun run = tracker.startRun("exp", "first");
        assertThat(run.runId()).matches("[0-9a-f]{32}");
        assertThat(run.runDir()).isEqualTo(root.toAbsolutePath().resolve(run.experimentId()).resolve(run.runId()));
        Map<String, String> meta = MlflowYaml.read(run.runDir().resolve("meta.yaml"));
        assertThat(meta).containsEntry("run_id", run.runId()).containsEntry("run_uuid", run.runId())
                .containsEntry("experiment_id", run.experimentId());
        assertThat(run.runDir()).isDirectoryContaining(p -> p.getFileName().toString().equals("meta.yaml"));
    }

    @Test
    void runningRunMetaHasEveryKeyMlflowNeeds() throws IOException {
        FileStoreRun run = tracker.startRun("exp", "first");
        String id = run.runId();
        assertThat(read(run.runDir().resolve("meta.yaml"))).isEqualTo("""
                artifact_uri: %s
                end_time: null
                entry_point_name: ''
                experiment_id: '%s'
                lifecycle_stage: active
                run_id: %s
                run_name: first
                run_uuid: %s
                source_name: ''
                source_type: 4
                source_version: ''
                start_time: %d
                status: 1
                tags: []
                user_id: alice
                """.formatted(fileUri(run.runDir().resolve("artifacts")), run.experimentId(),
                MlflowYaml.scalar(id), MlflowYaml.scalar(id), T0));
        FileStoreReader.RunInfo info = reader.run(run.experimentId(), id);
        assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(info.endTime()).isEmpty();
        assertThat(info.userId()).isEqualTo("alice");
    }

    @Test
    void finishingWritesStatus3AndEndTime() throws IOException {
        FileStoreRun run = tracker.startRun("exp", "r");
        clock.advance(5_000);
        run.end(RunStatus.FINISHED);

        String meta = read(run.runDir().resolve("meta.yaml"));
        assertThat(meta).contains("\nstatus: 3\n").contains("\nend_time: " + (T0 + 5_000) + "\n")
                .contains("\nstart_time: " + T0 + "\n").contains("\nuser_id: alice\n");
        FileStoreReader.RunInfo info = reader.run(run.experimentId(), run.runId());
        assertThat(info.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(info.endTime()).hasValue(T0 + 5_000);
        assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(tracker.openRuns()).isEmpty();
    }

    @Test
    void failedAndKilledWriteTheirIntegerCodes() throws IOException {
        FileStoreRun failed = tracker.startRun("exp", "f");
        FileStoreRun killed = tracker.startRun("exp", "k");
        failed.end(RunStatus.FAILED);
        killed.end(RunStatus.KILLED);
        assertThat(read(failed.runDir().resolve("meta.yaml"))).contains("\nstatus: 4\n");
        assertThat(read(killed.runDir().resolve("meta.yaml"))).contains("\nstatus: 5\n");
    }

    @Test
    void endRejectsNonTerminalStatus() {
        FileStoreRun run = tracker.startRun("exp", "r");
        assertThatThrownBy(() -> run.end(RunStatus.RUNNING)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(run.runId());
        assertThat(run.isEnded()).isFalse();
    }

    @Test
    void loggingAfterEndFailsNamingTheRun() throws IOException {
        FileStoreRun run = tracker.startRun("exp", "r");
        run.end(RunStatus.FINISHED);
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");
        List<Runnable> calls = List.of(
                () -> run.logMetric("loss", 1, 0),
                () -> run.logParam("lr", "0.1"),
                () -> run.setTag("t", "v"),
                () -> run.logArtifact(file, ""),
                () -> run.end(RunStatus.FAILED));
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(run.runId());
        }
        assertThat(run.runDir().resolve("metrics").resolve("loss")).doesNotExist();
    }

    @Test
    void closeOnEndedRunDoesNothingAndOnOpenRunMarksItFailed() throws IOException {
        FileStoreRun done = tracker.startRun("exp", "done");
        clock.advance(10);
        done.end(RunStatus.FINISHED);
        String before = read(done.runDir().resolve("meta.yaml"));
        clock.advance(10);
        done.close();
        assertThat(read(done.runDir().resolve("meta.yaml"))).isEqualTo(before);

        FileStoreRun crashed;
        try (FileStoreRun run = tracker.startRun("exp", "crashes")) {
            crashed = run;
            run.logMetric("loss", 1, 0);
        }
        assertThat(reader.run(crashed.experimentId(), crashed.runId()).status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void closingTheTrackerMarksOpenRunsFailed() {
        FileStoreRun open = tracker.startRun("exp", "open");
        FileStoreRun finished = tracker.startRun("exp", "finished");
        finished.end(RunStatus.FINISHED);
        assertThat(tracker.openRuns()).containsExactly(open);

        clock.advance(7);
        tracker.close();

        FileStoreReader.RunInfo info = reader.run(open.experimentId(), open.runId());
        assertThat(info.status()).isEqualTo(RunStatus.FAILED);
        assertThat(info.endTime()).hasValue(T0 + 7);
        assertThat(reader.run(finished.experimentId(), finished.runId()).status()).isEqualTo(RunStatus.FINISHED);
        assertThatThrownBy(() -> tracker.startRun("exp", "late", Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void shutdownHookIsRegisteredOnceMarksOpenRunsFailedAndIsRemovedOnClose() {
        FileStoreTracker t = newTracker();
        Thread hook = t.shutdownHook();
        assertThat(Runtime.getRuntime().removeShutdownHook(hook)).as("hook was registered").isTrue();
        Runtime.getRuntime().addShutdownHook(hook);

        FileStoreRun run = t.startRun("exp", "r");
        hook.run(); // what the JVM does on exit
        assertThat(reader.run(run.experimentId(), run.runId()).status()).isEqualTo(RunStatus.FAILED);

        t.close();
        assertThat(Runtime.getRuntime().removeShutdownHook(hook)).as("hook removed by close").isFalse();
    }

    // ---- metrics ----------------------------------------------------------------------------------------------

    @Test
    void metricLinesAreTimestampValueStep() throws IOException {
        FileStoreRun run = tracker.startRun("exp", "r");
        run.logMetric("loss", 0.5, 0);
        clock.advance(10);
        run.logMetric("loss", 0.25, 1);
        run.logMetric("loss", 1e-5, 2);
        run.logMetric("loss", 3, -1);

        String text = read(run.runDir().resolve("metrics").resolve("loss"));
        assertThat(text).isEqualTo(T0 + " 0.5 0\n" + (T0 + 10) + " 0.25 1\n" + (T0 + 10) + " 1.0E-5 2\n"
                + (T0 + 10) + " 3.0 -1\n");
        for (String line : text.split("\n")) {
            assertThat(line.split(" ")).hasSize(3);
            assertThat(line).doesNotContain(",").matches("\\d{13} \\S+ -?\\d+");
        }
        assertThat(reader.metric(run.experimentId(), run.runId(), "loss")).extracting(FileStoreReader.MetricPoint::step)
                .containsExactly(0L, 1L, 2L, -1L);
    }

    @Test
    void metricFilesAreOnlyAppendedTo() throws IOException {
        FileStoreRun run = tracker.startRun("exp", "r");
        Path file = run.runDir().resolve("metrics").resolve("acc");
        run.logMetric("acc", 0.1, 0);
        Object inode = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        String before = read(file);
        run.logMetric("acc", 0.2, 1);
        assertThat(read(file)).startsWith(before).hasLineCount(2);
        assertThat(Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .as("same file, not replaced").isEqualTo(inode);
    }

    @Test
    void nanAndInfinitiesAreWrittenAsPythonFloatReadsThem() throws IOException {
        FileStoreRun run = tracker.startRun("exp", "r");
        run.logMetric("weird", Double.NaN, 0);
        run.logMetric("weird", Double.POSITIVE_INFINITY, 1);
        run.logMetric("weird", Double.NEGATIVE_INFINITY, 2);
        assertThat(read(run.runDir().resolve("metrics").resolve("weird")))
                .isEqualTo(T0 + " nan 0\n" + T0 + " inf 1\n" + T0 + " -inf 2\n");
        List<FileStoreReader.MetricPoint> points = reader.metric(run.experimentId(), run.runId(), "weird");
        assertThat(points.get(0).value()).isNaN();
        assertThat(points.get(1).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(points.get(2).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void noMetricFileIsEverEmpty() throws IOException {
        FileStoreRun run = tracker.startRun("exp", "r");
        run.logMetric("a", 1, 0);
        run.logMetric("train/b", 2, 0);
        assertThatThrownBy(() -> run.logMetric("bad:key", 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> run.logMetric("a/c", 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a/c'").hasMessageContaining("'a'");
        try (Stream<Path> files = Files.walk(run.runDir().resolve("metrics"))) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertThat(all).hasSize(2);
            for (Path f : all) {
                assertThat(Files.size(f)).as(f.toString()).isPositive();
            }
        }
    }

    @Test
    void keysWithSlashesLiveInSubfolders() throws IOException {
        FileStoreRun run = tracker.startRun("exp", "r");
        run.logMetric("train/loss", 0.5, 0);
        run.logParam("optim/lr", "0.1");
        run.setTag("cram/phase", "warmup");
        Path dir = run.runDir();
        assertThat(dir.resolve("metrics/train")).isDirectory();
        assertThat(dir.resolve("metrics/train/loss")).isRegularFile();
        assertThat(read(dir.resolve("params/optim/lr"))).isEqualTo("0.1");
        assertThat(read(dir.resolve("tags/cram/phase"))).isEqualTo("warmup");
        assertThat(reader.metrics(run.experimentId(), run.runId())).containsOnlyKeys("train/loss");
        assertThat(reader.params(run.experimentId(), run.runId())).containsEntry("optim/lr", "0.1");
    }

    // ---- params and tags --------------------------------------------------------------------------------------

    @Test
    void paramsAndTagsHaveNoTrailingNewline() throws IOException {
        FileStoreRun run = tracker.startRun("exp", "r");
        run.logParam("lr", "0.1");
        run.logParams(Map.of("epochs", 3, "sparsity", 0.9));
        run.setTag("phase", "train");
        run.setTag("phase", "eval");
        Path dir = run.runDir();
        assertThat(read(dir.resolve("params/lr"))).isEqualTo("0.1");
        assertThat(read(dir.resolve("params/epochs"))).isEqualTo("3");
        assertThat(read(dir.resolve("params/sparsity"))).isEqualTo("0.9");
        assertThat(read(dir.resolve("tags/phase"))).isEqualTo("eval");
    }

    @Test
    void paramsAreImmutable() {
        FileStoreRun run = tracker.startRun("exp", "r");
        run.logParam("lr", "0.1");
        run.logParam("lr", "0.1"); // same value: fine
        assertThatThrownBy(() -> run.logParam("lr", "0.2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lr'").hasMessageContaining("'0.1'").hasMessageContaining("'0.2'")
                .hasMessageContaining("immutable");
        assertThat(reader.params(run.experimentId(), run.runId())).containsEntry("lr", "0.1");
    }

    @Test
    void badKeysAreRejectedNamingKeyAndRule() {
        FileStoreRun run = tracker.startRun("exp", "r");
        assertThatThrownBy(() -> run.logMetric("val:acc", 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid metric key 'val:acc'").hasMessageContaining("alphanumerics");
        assertThatThrownBy(() -> run.logParam("../lr", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid param key '../lr'").hasMessageContaining("'..'");
        assertThatThrownBy(() -> run.setTag("/abs", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid tag key '/abs'").hasMessageContaining("relative");
        assertThatThrownBy(() -> run.logMetric("x".repeat(251), 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 250");
        assertThatThrownBy(() -> new FileStoreTracker(root, clock, "alice", "m", Map.of("bad,key", "v")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad,key'");
    }

    @Test
    void everyRunGetsSystemAndDefaultTags() {
        FileStoreRun run = tracker.startRun("exp", "baseline");
        assertThat(reader.tags(run.experimentId(), run.runId())).containsOnly(
                Map.entry("mlflow.runName", "baseline"),
                Map.entry("mlflow.user", "alice"),
                Map.entry("mlflow.source.name", "org.example.Main"),
                Map.entry("mlflow.source.type", "LOCAL"),
                Map.entry("mlflow.source.git.commit", "0123abcd"),
                Map.entry("cram.writer", WriterProcess.current().id()));
    }

    @Test
    void nestedRunCarriesParentRunId() {
        FileStoreRun parent = tracker.startRun("sweep", "sweep");
        FileStoreRun child = tracker.startRun("sweep", "point-1", Optional.of(parent.runId()));
        assertThat(reader.tags(child.experimentId(), child.runId()))
                .containsEntry("mlflow.parentRunId", parent.runId());
        assertThat(reader.tags(parent.experimentId(), parent.runId())).doesNotContainKey("mlflow.parentRunId");
    }

    @Test
    void descriptionIsTheNoteContentTag() throws IOException {
        FileStoreRun run = tracker.startRun("exp", "r");
        run.setDescription("# Run\n\nCrAM at *90%*");
        assertThat(read(run.runDir().resolve("tags/mlflow.note.content"))).isEqualTo("# Run\n\nCrAM at *90%*");
    }

    @Test
    void blankRunNameIsDerivedFromRunId() {
        FileStoreRun run = tracker.startRun("exp", " ");
        assertThat(run.runName()).isEqualTo("run-" + run.runId().substring(0, 8));
        assertThat(reader.run(run.experimentId(), run.runId()).runName()).isEqualTo(run.runName());
    }

    // ---- artifacts --------------------------------------------------------------------------------------------

    @Test
    void artifactsAreCopiedUnderArtifactsAndArtifactUriPointsThere() throws IOException {
        FileStoreRun run = tracker.startRun("exp", "r");
        Path src = Files.writeString(tmp.resolve("model.bin"), "weights");
        Path tree = Files.createDirectories(tmp.resolve("report/plots"));
        Files.writeString(tree.resolve("loss.svg"), "<svg/>");

        run.logArtifact(src, "");
        run.logArtifact(src, "models/best");
        run.logArtifacts(tmp.resolve("report"), "report");

        Path artifacts = run.runDir().resolve("artifacts");
        assertThat(read(artifacts.resolve("model.bin"))).isEqualTo("weights");
        assertThat(read(artifacts.resolve("models/best/model.bin"))).isEqualTo("weights");
        assertThat(read(artifacts.resolve("report/plots/loss.svg"))).isEqualTo("<svg/>");

        String uri = reader.run(run.experimentId(), run.runId()).artifactUri();
        assertThat(uri).startsWith("file:///").doesNotEndWith("/");
        assertThat(Path.of(URI.create(uri))).isAbsolute().isEqualTo(artifacts.toAbsolutePath()).isDirectory();
        assertThat(run.artifactUri()).isEqualTo(uri);
    }

    @Test
    void artifactPathsMustStayInsideArtifacts() throws IOException {
        FileStoreRun run = tracker.startRun("exp", "r");
        Path src = Files.writeString(tmp.resolve("model.bin"), "weights");
        for (String bad : List.of("../escape", "a/../../escape", "/abs")) {
            assertThatThrownBy(() -> run.logArtifact(src, bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid artifact path '" + bad + "'");
        }
        assertThat(run.runDir().resolve("escape")).doesNotExist();
        assertThat(run.runDir().resolve("artifacts")).isEmptyDirectory();
        assertThatThrownBy(() -> run.logArtifact(tmp.resolve("missing.bin"), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.bin");
    }

    // ---- file hygiene -----------------------------------------------------------------------------------------

    @Test
    void rewritesLeaveNoTempFilesAndRunFolderHoldsOnlyMlflowEntries() throws IOException {
        FileStoreRun run = tracker.startRun("exp", "r");
        run.logMetric("loss", 1, 0);
        run.logMetric("loss", 0.5, 1);
        run.logParam("lr", "0.1");
        run.setTag("t", "a");
        run.setTag("t", "b");
        tracker.setExperimentTag("exp", "owner", "alice");
        run.end(RunStatus.FINISHED);

        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith(".tmp"));
        }
        try (Stream<Path> children = Files.list(run.runDir())) {
            assertThat(children.map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder("meta.yaml", "metrics", "params", "tags", "artifacts");
        }
        try (Stream<Path> children = Files.list(root)) {
            assertThat(children.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .allMatch(name -> name.matches("\\d+"));
        }
    }

    @Test
    void readerFindsRunsById() {
        FileStoreRun run = tracker.startRun("exp", "r");
        run.end(RunStatus.FINISHED);
        assertThat(reader.findRun(run.runId())).get()
                .satisfies(info -> {
                    assertThat(info.experimentId()).isEqualTo(run.experimentId());
                    assertThat(info.status()).isEqualTo(RunStatus.FINISHED);
                });
        assertThat(reader.findRun("0".repeat(32))).isEmpty();
        assertThat(reader.runs(run.experimentId())).extracting(FileStoreReader.RunInfo::runId)
                .containsExactly(run.runId());
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static String fileUri(Path dir) {
        String uri = dir.toAbsolutePath().toUri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
