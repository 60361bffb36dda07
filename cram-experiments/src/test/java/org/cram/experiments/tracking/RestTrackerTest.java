package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert;
import org.cram.api.track.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's whole life on a tracking server, checked against what the in-process fake MLflow server received. */
class RestTrackerTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(T0);
    private final ByteArrayOutputStream noticeBytes = new ByteArrayOutputStream();
    private FakeMlflowServer fake;
    private RestTracker tracker;

    @BeforeEach
    void setUp() throws IOException {
        fake = FakeMlflowServer.start();
    }

    @AfterEach
    void tearDown() {
        if (tracker != null) {
            tracker.close();
        }
        fake.close();
    }

    private RestTracker.Builder builder() {
        return RestTracker.builder(fake.uri())
                .clock(clock)
                .user("alice")
                .sourceName("org.example.Train")
                .defaultTags(Map.of(MlflowTags.GIT_COMMIT, "0123abcd"))
                .flushInterval(Duration.ofHours(1)) // deterministic: only explicit and size-triggered flushes
                .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .finalRetry(Duration.ofSeconds(2))
                .fallbackStore(tmp.resolve("fallback-mlruns"))
                .notices(new PrintStream(noticeBytes, true, StandardCharsets.UTF_8));
    }

    private String notices() {
        return noticeBytes.toString(StandardCharsets.UTF_8);
    }

    private RestTracker open() {
        tracker = builder().open();
        return tracker;
    }

    private Path file(String name, String content) throws IOException {
        Path f = tmp.resolve(name);
        Files.createDirectories(f.getParent());
        return Files.writeString(f, content);
    }

    // ---- experiments and runs ---------------------------------------------------------------------------------

    @Test
    void experimentIsCreatedOnceThenFoundByName() {
        open();
        String id = tracker.experimentId("cram-cifar");
        assertThat(fake.experimentByName("cram-cifar")).map(e -> e.get("experiment_id")).contains(id);
        assertThat(fake.requests("experiments/create")).hasSize(1);
        assertThat(fake.requests("experiments/create").get(0).json()).containsEntry("name", "cram-cifar");

        tracker.startRun("cram-cifar", "a").end(RunStatus.FINISHED);
        assertThat(fake.requests("experiments/create")).as("cached in the tracker").hasSize(1);

        try (RestTracker second = builder().open()) {
            int lookups = fake.requests("experiments/get-by-name").size();
            assertThat(second.experimentId("cram-cifar")).isEqualTo(id);
            assertThat(fake.requests("experiments/create")).as("found by name, not created again").hasSize(1);
            assertThat(fake.requests("experiments/get-by-name")).hasSize(lookups + 1);
        }
        assertThat(fake.experimentCount()).isEqualTo(2); // Default + cram-cifar
    }

    /** Named attack: a run name MLflow would reject (or that would break meta.yaml) fails before any request. */
    @Test
    void badRunNameFailsBeforeAnyRequestIsSent() {
        open();
        int before = fake.requestCount();
        assertThatThrownBy(() -> tracker.startRun("fresh-exp", "line one\nline two"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid run name 'line one?line two'")
                .hasMessageContaining("control characters").hasMessageContaining("U+000A at index 8");
        assertThatThrownBy(() -> tracker.startRun("fresh-exp", "n".repeat(251), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid run name 'nnnn").hasMessageContaining("is 251 characters long")
                .hasMessageContaining("at most 250");
        assertThat(fake.requestCount()).as("no experiment lookup, no runs/create").isEqualTo(before);
        assertThat(fake.runCount()).isZero();
        assertThat(fake.experimentByName("fresh-exp")).isEmpty();
        assertThat(tracker.startRun("fresh-exp", "n".repeat(250)).runName()).hasSize(250);
    }

    @Test
    void runIsCreatedWithNameStartTimeAndTheFileStoreSystemTags() {
        open();
        RestRun run = tracker.startRun("exp", "baseline");

        FakeMlflowServer.Run stored = fake.run(run.runId());
        assertThat(run.runId()).matches("[0-9a-f]{32}");
        assertThat(run.experimentId()).isEqualTo(fake.experimentByName("exp").orElseThrow().get("experiment_id"));
        assertThat(run.runName()).isEqualTo("baseline");
        assertThat(run.artifactUri()).isEqualTo("mlflow-artifacts:/" + run.experimentId() + "/" + run.runId()
                + "/artifacts");
        assertThat(stored.runName).isEqualTo("baseline");
        assertThat(stored.startTime).isEqualTo(T0);
        assertThat(stored.userId).isEqualTo("alice");
        assertThat(stored.status).isEqualTo("RUNNING");
        assertThat(stored.tags).containsExactlyInAnyOrderEntriesOf(Map.of(
                MlflowTags.RUN_NAME, "baseline",
                MlflowTags.USER, "alice",
                MlflowTags.SOURCE_NAME, "org.example.Train",
                MlflowTags.SOURCE_TYPE, "LOCAL",
                MlflowTags.GIT_COMMIT, "0123abcd"));
        Map<String, Object> create = fake.requests("runs/create").get(0).json();
        assertThat(create).containsEntry("run_name", "baseline").containsEntry("experiment_id", run.experimentId());
        assertThat(String.valueOf(create.get("start_time"))).isEqualTo(String.valueOf(T0));
    }

    @Test
    void nestedRunCarriesItsParentRunId() {
        open();
        RestRun parent = tracker.startRun("sweep", "sweep");
        RestRun child = tracker.startRun("sweep", "point-1", Optional.of(parent.runId()));

        assertThat(fake.run(child.runId()).tags).containsEntry(MlflowTags.PARENT_RUN_ID, parent.runId());
        assertThat(fake.run(parent.runId()).tags).doesNotContainKey(MlflowTags.PARENT_RUN_ID);
        assertThat(child.experimentId()).isEqualTo(parent.experimentId());
    }

    @Test
    void runWithoutNameGetsTheServersName() {
        open();
        RestRun run = tracker.startRun("exp", "  ");
        assertThat(fake.requests("runs/create").get(0).json()).doesNotContainKey("run_name");
        assertThat(run.runName()).isNotBlank().isEqualTo(fake.run(run.runId()).runName);
    }

    @Test
    void wholeLifeOfARun() throws IOException {
        open();
        RestRun run = tracker.startRun("cram-cifar", "baseline");
        run.logParam("lr", "0.1");
        run.setTag("phase", "warmup");
        run.logMetric("loss", 0.5, 1);
        clock.advance(1000);
        run.logMetric("loss", 0.25, 2);
        clock.advance(1000);
        run.logMetric("val/top1", 0.75, 2);
        Path weights = file("weights.bin", "0123456789");
        run.logArtifact(weights, "models");
        assertThat(fake.requests("runs/log-batch")).as("metrics wait in the buffer").isEmpty();
        assertThat(run.pendingMetrics()).isEqualTo(3);

        clock.advance(5000);
        run.end(RunStatus.FINISHED);

        FakeMlflowServer.Run stored = fake.run(run.runId());
        assertThat(stored.params).containsExactly(Map.entry("lr", "0.1"));
        assertThat(stored.tags).containsEntry("phase", "warmup");
        assertThat(stored.metrics).containsExactly(
                new FakeMlflowServer.Metric("loss", 0.5, T0, 1),
                new FakeMlflowServer.Metric("loss", 0.25, T0 + 1000, 2),
                new FakeMlflowServer.Metric("val/top1", 0.75, T0 + 2000, 2));
        assertThat(stored.status).isEqualTo("FINISHED");
        assertThat(stored.endTime).isEqualTo(T0 + 7000);
        assertThat(fake.artifact(run.experimentId() + "/" + run.runId() + "/artifacts/models/weights.bin"))
                .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("0123456789"));

        List<FakeMlflowServer.Request> batches = fake.requests("runs/log-batch");
        assertThat(batches).hasSize(1);
        Map<String, Object> batch = batches.get(0).json();
        assertThat(batch).containsEntry("run_id", run.runId());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> metrics = (List<Map<String, Object>>) batch.get("metrics");
        assertThat(metrics).hasSize(3);
        assertThat(metrics.get(1)).containsKeys("key", "value", "timestamp", "step");
        assertThat(metrics.get(1).get("key")).isEqualTo("loss");
        assertThat(String.valueOf(metrics.get(1).get("timestamp"))).isEqualTo(String.valueOf(T0 + 1000));
        assertThat(String.valueOf(metrics.get(1).get("step"))).isEqualTo("2");

        Map<String, Object> update = fake.requests("runs/update").get(0).json();
        assertThat(update).containsEntry("run_id", run.runId()).containsEntry("status", "FINISHED");
        assertThat(String.valueOf(update.get("end_time"))).isEqualTo(String.valueOf(T0 + 7000));
        assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(tracker.openRuns()).isEmpty();
    }

    @Test
    void closingAnOpenRunMarksItFailed() {
        open();
        RestRun run = tracker.startRun("exp", "crashes");
        try (run) {
            run.logMetric("loss", 1.0, 0);
        }
        assertThat(fake.run(run.runId()).status).isEqualTo("FAILED");
        assertThat(fake.run(run.runId()).endTime).isEqualTo(T0);
        assertThat(fake.metrics(run.runId())).hasSize(1);
        run.close(); // idempotent
        assertThat(fake.requests("runs/update")).hasSize(1);
    }

    @Test
    void closingTheTrackerFailsOpenRunsOnly() {
        open();
        RestRun done = tracker.startRun("exp", "done");
        done.end(RunStatus.KILLED);
        RestRun open = tracker.startRun("exp", "left open");
        open.logMetric("loss", 2.0, 3);

        tracker.close();

        assertThat(fake.run(done.runId()).status).isEqualTo("KILLED");
        assertThat(fake.run(open.runId()).status).isEqualTo("FAILED");
        assertThat(fake.metrics(open.runId())).extracting(FakeMlflowServer.Metric::step).containsExactly(3L);
        assertThatThrownBy(() -> tracker.startRun("exp", "late"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        tracker.close(); // idempotent
    }

    @Test
    void loggingAfterEndFailsNamingTheRun() throws IOException {
        open();
        RestRun run = tracker.startRun("exp", "r");
        run.end(RunStatus.FINISHED);
        Path f = file("a.txt", "x");

        assertThatThrownBy(() -> run.logMetric("loss", 1, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(run.runId()).hasMessageContaining("FINISHED");
        assertThatThrownBy(() -> run.logParam("p", "1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(run.runId());
        assertThatThrownBy(() -> run.setTag("t", "1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(run.runId());
        assertThatThrownBy(() -> run.logArtifact(f, "")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(run.runId());
        assertThatThrownBy(() -> run.end(RunStatus.FAILED)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(run.runId());
        assertThatThrownBy(() -> tracker.startRun("exp", "r2").end(RunStatus.RUNNING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RUNNING");
    }

    @Test
    void keysAreCheckedLikeInTheFileStore() {
        open();
        RestRun run = tracker.startRun("exp", "r");
        int before = fake.requests().size();

        assertThatThrownBy(() -> run.logMetric("bad:key", 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid metric key 'bad:key'");
        assertThatThrownBy(() -> run.logParam("../up", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid param key '../up'");
        assertThatThrownBy(() -> run.setTag("", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid tag key ''");
        assertThatThrownBy(() -> run.logArtifact(tmp, "../x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'..'");
        assertThatThrownBy(() -> builder().defaultTags(Map.of("a b:", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid default tag key");
        assertThat(fake.requests()).as("nothing sent").hasSize(before);
    }

    @Test
    void paramsAreImmutable() {
        open();
        RestRun run = tracker.startRun("exp", "r");
        run.logParam("lr", "0.1");
        run.logParam("lr", "0.1");
        assertThat(fake.requests("runs/log-parameter")).as("same value again sends nothing").hasSize(1);

        assertThatThrownBy(() -> run.logParam("lr", "0.2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lr'").hasMessageContaining("'0.1'").hasMessageContaining("'0.2'");
        assertThat(fake.run(run.runId()).params).containsEntry("lr", "0.1");
    }

    @Test
    void descriptionIsTheNoteTag() {
        open();
        RestRun run = tracker.startRun("exp", "r");
        run.setDescription("# CrAM\nsparsity 0.9");
        assertThat(fake.run(run.runId()).tags).containsEntry(MlflowTags.NOTE_CONTENT, "# CrAM\nsparsity 0.9");
    }

    @Test
    void nanAndInfiniteMetricsArrive() {
        open();
        RestRun run = tracker.startRun("exp", "r");
        run.logMetric("loss", Double.NaN, 1);
        run.logMetric("loss", Double.POSITIVE_INFINITY, 2);
        run.end(RunStatus.FINISHED);
        assertThat(fake.metrics(run.runId())).extracting(FakeMlflowServer.Metric::value)
                .containsExactly(Double.NaN, Double.POSITIVE_INFINITY);
    }

    // ---- batching ---------------------------------------------------------------------------------------------

    @Test
    void metricsGoInLogBatchRequestsOfAtMostAThousand() throws InterruptedException {
        open();
        RestRun run = tracker.startRun("exp", "r");
        for (int i = 0; i < 2500; i++) {
            run.logMetric("loss", i, i);
        }
        await(() -> run.pendingMetrics() == 500); // the background sender is woken as soon as 1000 wait
        assertThat(fake.requests("runs/log-batch")).as("full batches only").hasSize(2);
        assertThat(fake.metrics(run.runId())).hasSize(2000);

        run.end(RunStatus.FINISHED);

        List<Integer> sizes = fake.requests("runs/log-batch").stream()
                .map(r -> ((List<?>) r.json().get("metrics")).size()).collect(Collectors.toList());
        assertThat(sizes).containsExactly(1000, 1000, 500);
        assertThat(fake.requests("runs/log-metric")).isEmpty();
        List<FakeMlflowServer.Metric> stored = fake.metrics(run.runId());
        assertThat(stored).hasSize(2500);
        assertThat(stored.get(2499)).isEqualTo(new FakeMlflowServer.Metric("loss", 2499, T0, 2499));
    }

    @Test
    void paramsLoggedTogetherGoInBatchesOfAHundred() {
        open();
        RestRun run = tracker.startRun("exp", "r");
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < 250; i++) {
            params.put("p" + i, i);
        }
        run.logParams(params);

        List<Integer> sizes = fake.requests("runs/log-batch").stream()
                .map(r -> ((List<?>) r.json().get("params")).size()).collect(Collectors.toList());
        assertThat(sizes).containsExactly(100, 100, 50);
        assertThat(fake.run(run.runId()).params).hasSize(250).containsEntry("p249", "249");

        run.logParams(Map.of("p0", 0));
        assertThat(fake.requests("runs/log-batch")).as("already logged: nothing sent").hasSize(3);
        assertThatThrownBy(() -> run.logParams(Map.of("p1", 7, "new", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'p1'");
        assertThat(fake.run(run.runId()).params).as("nothing sent when one value conflicts")
                .doesNotContainKey("new");
    }

    @Test
    void metricsAreFlushedPeriodicallySoTheUiStaysLive() throws InterruptedException {
        tracker = builder().flushInterval(Duration.ofMillis(100)).open();
        RestRun run = tracker.startRun("exp", "r");
        for (int i = 0; i < 5; i++) {
            run.logMetric("loss", i, i);
        }
        awaitMetrics(run.runId(), 5);
        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
        // the server stores the batch before the client reads the reply: wait for the acknowledgement too
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (run.pendingMetrics() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(run.pendingMetrics()).isZero();
        int batches = fake.requests("runs/log-batch").size();
        Thread.sleep(350);
        assertThat(fake.requests("runs/log-batch")).as("no requests while nothing waits").hasSize(batches);
    }

    @Test
    void explicitFlushSendsWaitingMetrics() {
        open();
        RestRun run = tracker.startRun("exp", "r");
        run.logMetric("loss", 1, 1);
        run.flush();
        assertThat(fake.metrics(run.runId())).hasSize(1);
        run.flush();
        assertThat(fake.requests("runs/log-batch")).hasSize(1);
    }

    // ---- artifacts --------------------------------------------------------------------------------------------

    @Test
    void artifactsArriveAtTheirPaths() throws IOException {
        open();
        RestRun run = tracker.startRun("exp", "r");
        String root = run.experimentId() + "/" + run.runId() + "/artifacts/";
        run.logArtifact(file("report.txt", "hello"), null);
        run.logArtifact(file("with space #1.txt", "spaced"), "a b/c");
        Path dir = tmp.resolve("ckpt");
        file("ckpt/model.bin", "weights");
        file("ckpt/sub/opt.bin", "moments");
        run.logArtifacts(dir, "checkpoints");

        assertThat(fake.artifacts().keySet()).containsExactlyInAnyOrder(
                root + "report.txt",
                root + "a b/c/with space #1.txt",
                root + "checkpoints/model.bin",
                root + "checkpoints/sub/opt.bin");
        assertThat(fake.artifact(root + "checkpoints/sub/opt.bin")).hasValueSatisfying(
                b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("moments"));
        assertThat(fake.requests("report.txt").get(0).method()).isEqualTo("PUT");
        assertThatThrownBy(() -> run.logArtifact(tmp.resolve("missing.bin"), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.bin");
    }

    @Test
    void serverWithoutArtifactServingIsExplained() throws IOException {
        open();
        RestRun run = tracker.startRun("exp", "r");
        fake.addRule(FakeMlflowServer.Rule.respond("mlflow-artifacts", 404, "text/html", "<h1>Not Found</h1>", -1));
        assertThatThrownBy(() -> run.logArtifact(file("a.txt", "x"), ""))
                .isInstanceOf(MlflowServerException.class)
                .hasMessageContaining(fake.uri())
                .hasMessageContaining("a.txt")
                .hasMessageContaining("--no-serve-artifacts");
    }

    @Test
    void artifactRootComesFromTheRunsArtifactUri() {
        assertThat(ArtifactUploader.runArtifactRoot("mlflow-artifacts:/7/abc/artifacts", "7", "abc"))
                .isEqualTo("7/abc/artifacts");
        assertThat(ArtifactUploader.runArtifactRoot("mlflow-artifacts://host:5000/team/7/abc/artifacts", "7", "abc"))
                .isEqualTo("team/7/abc/artifacts");
        assertThat(ArtifactUploader.runArtifactRoot("s3://bucket/7/abc/artifacts", "7", "abc"))
                .isEqualTo("7/abc/artifacts");
    }

    // ---- failures ---------------------------------------------------------------------------------------------

    @Test
    void unreachableServerFailsAtOnceNamingTheUri() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String uri = "http://127.0.0.1:" + port;
        long start = System.nanoTime();
        MlflowServerException e = serverError(
                () -> RestTracker.builder(uri).connectTimeout(Duration.ofSeconds(2)).open());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(e.getMessage()).contains(uri).contains("connection refused").contains("running")
                .contains("MLFLOW_TRACKING_URI");
        assertThat(e.httpStatus()).isZero();
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void somethingThatIsNotMlflowIsRejectedAtOpen() {
        fake.addRule(FakeMlflowServer.Rule.respond("/", 200, "text/html", "<html><body>Grafana</body></html>", -1));
        assertThatThrownBy(() -> builder().open())
                .isInstanceOf(MlflowServerException.class)
                .hasMessageContaining(fake.uri())
                .hasMessageContaining("does not answer like an MLflow tracking server")
                .hasMessageContaining("Grafana");
        assertThat(fake.requests()).hasSize(1);
    }

    @Test
    void wrongPathOnTheServerIsRejectedAtOpen() {
        assertThatThrownBy(() -> RestTracker.builder(fake.uri() + "/mlflow-ui").open())
                .isInstanceOf(MlflowServerException.class)
                .hasMessageContaining(fake.uri() + "/mlflow-ui")
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("server root");
    }

    @Test
    void serverErrorIsToldAndTheParamArrivesOnceTheServerRecovers() throws InterruptedException {
        open();
        RestRun run = tracker.startRun("exp", "r");
        fake.addRule(FakeMlflowServer.Rule.error("runs/log-parameter", 500, "INTERNAL_ERROR",
                "(sqlite3.OperationalError) database is locked", -1));

        run.logParam("lr", "0.1"); // a failure that may pass does not reach the training code

        assertThat(run.pendingWrites()).isEqualTo(1);
        assertThat(fake.requests("runs/log-parameter")).as("one try, no blind repeats").hasSize(1);
        assertThat(notices()).contains(fake.uri()).contains("param 'lr'").contains("INTERNAL_ERROR")
                .contains("database is locked").contains("500").contains("retried with back-off");
        assertThat(tracker.isServerDown()).isTrue();
        fake.clearRules();
        await(() -> fake.run(run.runId()).params.containsKey("lr"));
        assertThat(fake.run(run.runId()).params).containsEntry("lr", "0.1");
        assertThat(run.pendingWrites()).isZero();
        assertThat(tracker.isServerDown()).isFalse();
        assertThat(notices()).contains("answers again");
    }

    @Test
    void paramRejectedByTheServerFailsTheCall() {
        open();
        RestRun run = tracker.startRun("exp", "r");
        fake.addRule(FakeMlflowServer.Rule.error("runs/log-parameter", 400, "INVALID_PARAMETER_VALUE",
                "Param value too long", 1));

        MlflowServerException e = serverError(() -> run.logParam("lr", "0.1"));

        assertThat(e.getMessage()).contains(fake.uri()).contains("param 'lr'")
                .contains("INVALID_PARAMETER_VALUE: Param value too long");
        assertThat(e.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(run.pendingWrites()).isZero();
        run.logParam("lr", "0.2"); // the rejected value was not kept
        assertThat(fake.run(run.runId()).params).containsEntry("lr", "0.2");
    }

    @Test
    void rejectedMetricsAtEndAreReportedAndTheRunStillEnds() {
        open();
        RestRun run = tracker.startRun("exp", "r");
        run.logMetric("loss", 1, 1);
        fake.addRule(FakeMlflowServer.Rule.error("runs/log-batch", 400, "INVALID_PARAMETER_VALUE",
                "Metric value too large", -1));

        assertThatThrownBy(() -> run.end(RunStatus.FINISHED))
                .isInstanceOf(MlflowServerException.class)
                .hasMessageContaining("INVALID_PARAMETER_VALUE: Metric value too large");
        assertThat(run.isEnded()).isTrue();
        assertThat(fake.run(run.runId()).status).isEqualTo("FINISHED");
    }

    @Test
    void metricsRejectedInTheBackgroundAreReportedByTheNextCall() {
        open();
        RestRun run = tracker.startRun("exp", "r");
        fake.addRule(FakeMlflowServer.Rule.error("runs/log-batch", 400, "INVALID_PARAMETER_VALUE",
                "Invalid metric", -1));
        run.logMetric("loss", 1, 1);
        run.flushInBackground(); // what the tracker's periodic flush calls; must not throw

        MlflowServerException e = serverError(() -> run.logMetric("loss", 2, 2));
        assertThat(e.getMessage()).contains("earlier background send").contains(run.runId())
                .contains("INVALID_PARAMETER_VALUE: Invalid metric");
        assertThat(e.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
        assertThat(run.pendingMetrics()).as("rejected values are dropped").isZero();

        fake.clearRules();
        run.logMetric("loss", 3, 3);
        run.end(RunStatus.FINISHED);
        assertThat(fake.metrics(run.runId())).extracting(FakeMlflowServer.Metric::step).containsExactly(3L);
    }

    @Test
    void metricsThatFailTransientlyInTheBackgroundAreKeptAndSentLater() {
        open();
        RestRun run = tracker.startRun("exp", "r");
        fake.addRule(FakeMlflowServer.Rule.error("runs/log-batch", 503, "TEMPORARILY_UNAVAILABLE", "restarting",
                -1));
        run.logMetric("loss", 1, 1);
        run.flushInBackground();
        assertThat(fake.requests("runs/log-batch")).as("tried, with the client's retries").hasSizeBetween(1, 3);
        assertThat(run.pendingMetrics()).isEqualTo(1);

        run.logMetric("loss", 2, 2); // a passing outage does not break the training loop
        fake.clearRules();
        run.end(RunStatus.FINISHED);
        assertThat(fake.metrics(run.runId())).extracting(FakeMlflowServer.Metric::step).containsExactly(1L, 2L);
    }

    @Test
    void metricsThatCannotBeSentAtTheEndGoToTheLocalStoreWithTheRun() {
        open();
        RestRun run = tracker.startRun("exp", "r");
        run.logParam("lr", "0.1");
        run.logMetric("loss", 1, 1);
        run.logMetric("loss", 2, 2);
        fake.addRule(FakeMlflowServer.Rule.error("runs/log-batch", 503, "TEMPORARILY_UNAVAILABLE", "restarting",
                -1));

        run.end(RunStatus.FINISHED); // retries for the final retry (2 s here), then writes the run locally

        assertThat(run.isEnded()).isTrue();
        Path store = tmp.resolve("fallback-mlruns");
        assertThat(run.localRunDir()).hasValueSatisfying(
                dir -> assertThat(dir).startsWith(store).endsWith(Path.of(run.runId())));
        FileStoreReader reader = new FileStoreReader(store);
        FileStoreReader.RunInfo local = reader.findRun(run.runId()).orElseThrow();
        assertThat(local.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(reader.params(local.experimentId(), run.runId())).containsEntry("lr", "0.1");
        assertThat(reader.metric(local.experimentId(), run.runId(), "loss"))
                .extracting(FileStoreReader.MetricPoint::step).containsExactly(1L, 2L);
        assertThat(fake.run(run.runId()).status).as("the end is not sent before the metrics").isEqualTo("RUNNING");
        assertThat(notices()).contains(store.toString()).contains("cram mlflow sync " + store + " " + fake.uri())
                .contains(run.runId());
    }

    @Test
    void slowServerDoesNotHoldUpTheCallerAndTheTagArrivesLater() throws InterruptedException {
        tracker = builder().requestTimeout(Duration.ofMillis(300)).open();
        RestRun run = tracker.startRun("exp", "r");
        fake.addRule(FakeMlflowServer.Rule.delay("runs/set-tag", Duration.ofSeconds(3), 1));

        long start = System.nanoTime();
        run.setTag("t", "v");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(notices()).contains(fake.uri()).contains("within 300 ms");

        await(() -> "v".equals(fake.run(run.runId()).tags.get("t")));
        assertThat(run.pendingWrites()).isZero();
    }

    @Test
    void droppedConnectionNamesTheUri() {
        open();
        fake.addRule(FakeMlflowServer.Rule.drop("runs/create", 3));
        assertThatThrownBy(() -> tracker.startRun("exp", "r"))
                .isInstanceOf(MlflowServerException.class)
                .hasMessageContaining("cannot reach MLflow tracking server " + fake.uri())
                .hasMessageContaining("creation of run 'r'");
        assertThat(tracker.openRuns()).isEmpty();
    }

    @Test
    void deletedExperimentIsAClearError() {
        String id = fake.createExperimentDirectly("old");
        fake.deleteExperiment(id);
        open();
        assertThatThrownBy(() -> tracker.startRun("old", "r"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'old'").hasMessageContaining("deleted").hasMessageContaining("restore");
    }

    @Test
    void experimentCreatedConcurrentlyElsewhereIsUsed() {
        String id = fake.createExperimentDirectly("shared");
        open();
        // the first lookups miss (as if the other process had not committed yet); the create then collides
        fake.addRule(FakeMlflowServer.Rule.error("experiments/get-by-name", 404, "RESOURCE_DOES_NOT_EXIST",
                "Could not find experiment with name 'shared'", 3));
        assertThat(tracker.experimentId("shared")).isEqualTo(id);
        assertThat(fake.experimentCount()).isEqualTo(2);
    }

    // ---- credentials ------------------------------------------------------------------------------------------

    @Test
    void bearerTokenIsSentOnEveryRequestAndNeverLeaks() throws IOException {
        String token = "tok-SECRET-5f2b9c";
        fake.requireAuthorization("Bearer " + token);
        tracker = builder().credentials(MlflowCredentials.fromEnvironment(Map.of(MlflowCredentials.TOKEN, token)))
                .open();
        RestRun run = exerciseEverything();

        assertThat(fake.requests()).isNotEmpty().allSatisfy(
                r -> assertThat(r.authorization()).as(r.method() + " " + r.path()).isEqualTo("Bearer " + token));
        assertThat(fake.requests()).anySatisfy(r -> assertThat(r.method()).isEqualTo("PUT"));
        assertNoLeak(run, token);
    }

    @Test
    void basicCredentialsAreSentOnEveryRequestAndNeverLeak() throws IOException {
        String user = "carol-user";
        String password = "pw-SECRET-77aa";
        String header = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        fake.requireAuthorization(header);
        tracker = builder().credentials(MlflowCredentials.fromEnvironment(Map.of(
                MlflowCredentials.USERNAME, user, MlflowCredentials.PASSWORD, password))).open();
        RestRun run = exerciseEverything();

        assertThat(fake.requests()).isNotEmpty().allSatisfy(
                r -> assertThat(r.authorization()).as(r.method() + " " + r.path()).isEqualTo(header));
        assertNoLeak(run, password);
        assertNoLeak(run, header.substring("Basic ".length()));
    }

    @Test
    void refusedCredentialsFailAtOpenWithoutShowingThem() {
        fake.requireAuthorization("Bearer right-token");
        String wrong = "wrong-token-SECRET";
        MlflowServerException e = serverError(() -> builder()
                .credentials(MlflowCredentials.bearer(wrong)).open());
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(e.getMessage()).contains(fake.uri()).contains("401").contains(MlflowCredentials.TOKEN)
                .doesNotContain(wrong);
        assertThat(fake.requests()).hasSize(1);
    }

    @Test
    void credentialsAreNotSentOverPlainHttpToAnotherHostWithoutOptIn() {
        String token = "tok-SECRET-never-sent";
        assertThatThrownBy(() -> RestTracker.builder("http://mlflow.example.invalid:5000")
                .credentials(MlflowCredentials.bearer(token)).open())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://mlflow.example.invalid:5000")
                .hasMessageContaining("refusing to send MLflow credentials")
                .hasMessageContaining("https://")
                .hasMessageContaining(RestTracker.ALLOW_INSECURE_CREDENTIALS + "=true")
                .hasMessageNotContaining(token);
    }

    @Test
    void credentialTransportRule() {
        MlflowCredentials creds = MlflowCredentials.bearer("t0ken-value");
        ServerUri plainRemote = ServerUri.parse("http://mlflow.example.invalid:5000");
        assertThat(RestTracker.insecureCredentials(plainRemote, creds, false)).isTrue();
        assertThat(RestTracker.insecureCredentials(plainRemote, creds, true)).as("explicit opt-in").isFalse();
        assertThat(RestTracker.insecureCredentials(plainRemote, MlflowCredentials.none(), false)).isFalse();
        assertThat(RestTracker.insecureCredentials(ServerUri.parse("https://mlflow.example.invalid"), creds, false))
                .isFalse();
        assertThat(RestTracker.insecureCredentials(ServerUri.parse("http://localhost:5000"), creds, false)).isFalse();
        assertThat(RestTracker.insecureCredentials(ServerUri.parse("http://[::1]:5000"), creds, false)).isFalse();
    }

    @Test
    void invalidUrisAreRejectedWithoutContactingAnything() {
        assertThatThrownBy(() -> RestTracker.builder("ftp://host/x").open())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> RestTracker.builder("http://bob:hunter2-SECRET@127.0.0.1:5000").open())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain credentials")
                .hasMessageNotContaining("hunter2-SECRET");
    }

    @Test
    void trackerAndRunDescribeThemselvesWithoutSecrets() {
        tracker = builder().credentials(MlflowCredentials.bearer("abc-SECRET-123")).open();
        RestRun run = tracker.startRun("exp", "named");
        assertThat(tracker.toString()).contains(fake.uri()).contains("Bearer").doesNotContain("abc-SECRET-123");
        assertThat(run.toString()).contains(run.runId()).contains("'named'").contains("RUNNING");
        assertThat(tracker.serverUri()).isEqualTo(fake.uri());
    }

    /** Drives every kind of request, including failing ones whose answers echo the secret. */
    private RestRun exerciseEverything() throws IOException {
        RestRun run = tracker.startRun("exp", "creds");
        run.logParam("lr", "0.1");
        run.logParams(Map.of("batch", 128));
        run.setTag("phase", "a");
        run.logMetric("loss", 0.5, 1);
        run.flush();
        run.logArtifact(file("a.txt", "x"), "dir");
        run.end(RunStatus.FINISHED);
        return run;
    }

    private void assertNoLeak(RestRun run, String secret) {
        FakeMlflowServer.Run stored = fake.run(run.runId());
        assertThat(stored.params.toString()).doesNotContain(secret);
        assertThat(stored.tags.toString()).doesNotContain(secret);
        assertThat(stored.metrics.toString()).doesNotContain(secret);
        assertThat(fake.requests()).allSatisfy(r -> assertThat(r.bodyText()).doesNotContain(secret));
        assertThat(tracker.toString()).doesNotContain(secret);
        assertThat(run.toString()).doesNotContain(secret);

        // a server (or proxy) that echoes the secret in its error message must not get it into exceptions or logs
        RestRun other = tracker.startRun("exp", "echo");
        fake.addRule(FakeMlflowServer.Rule.error("runs/set-tag", 400, "INVALID_PARAMETER_VALUE",
                "bad request with header " + secret, -1));
        PrintStream originalErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        MlflowServerException e;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            e = serverError(() -> other.setTag("t", "v"));
        } finally {
            System.setErr(originalErr);
        }
        fake.clearRules();
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(secret);
        assertThat(System.getProperty(MlflowRestCalls.CLIENT_LOG_LEVEL_PROPERTY)).isEqualTo("error");
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
        }
        assertThat(e.getMessage()).contains("***");
        other.end(RunStatus.FINISHED);
    }

    private static MlflowServerException serverError(ThrowableAssert.ThrowingCallable call) {
        MlflowServerException e = catchThrowableOfType(MlflowServerException.class, call);
        assertThat(e).as("an MlflowServerException").isNotNull();
        return e;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("condition met within 10 s").isTrue();
    }

    private void awaitMetrics(String runId, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (fake.metrics(runId).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(fake.metrics(runId)).hasSize(count);
    }
}
