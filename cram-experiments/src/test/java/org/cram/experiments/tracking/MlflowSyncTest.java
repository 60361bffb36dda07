package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cram.api.track.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code cram mlflow sync STORE URI} against the in-process fake MLflow server. */
@Timeout(60)
class MlflowSyncTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final int POINTS = 2500;

    @TempDir
    Path tmp;

    private FakeMlflowServer fake;
    private Path store;
    private final Map<String, String> localIds = new HashMap<>(); // run name -> local run id
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws IOException {
        fake = FakeMlflowServer.start();
        store = tmp.resolve("mlruns");
        generateStore();
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    /** A sweep (parent + 3 children with many metric points) and a separate run with NaN values and an artifact. */
    private void generateStore() throws IOException {
        MutableClock clock = new MutableClock(T0);
        try (FileStoreTracker local = new FileStoreTracker(store, clock, "bob", "org.example.Sweep",
                Map.of(MlflowTags.GIT_COMMIT, "cafe1234"))) {
            local.setExperimentTag("sweep", "team", "cram");
            FileStoreRun parent = local.startRun("sweep", "sweep");
            parent.logParam("grid", "lr");
            localIds.put("sweep", parent.runId());
            for (int i = 0; i < 3; i++) {
                clock.advance(1000);
                FileStoreRun child = local.startRun("sweep", "point-" + i, Optional.of(parent.runId()));
                child.logParams(Map.of("lr", 0.1 * (i + 1), "epochs", 3));
                child.setTag("point", String.valueOf(i));
                for (int step = 0; step < POINTS; step++) {
                    clock.advance(1);
                    child.logMetric("loss", 1.0 / (step + 1 + i), step);
                }
                child.logMetric("val/top1", 0.5 + 0.1 * i, POINTS);
                child.end(i == 2 ? RunStatus.FAILED : RunStatus.FINISHED);
                localIds.put("point-" + i, child.runId());
            }
            Path summary = Files.writeString(tmp.resolve("summary.txt"), "best: point-2");
            parent.logArtifact(summary, "reports");
            parent.logMetric("best/top1", 0.7, 0);
            clock.advance(500);
            parent.end(RunStatus.FINISHED);

            FileStoreRun solo = local.startRun("solo", "diverged");
            solo.logMetric("loss", Double.NaN, 1);
            solo.logMetric("loss", Double.POSITIVE_INFINITY, 2);
            solo.setDescription("# diverged");
            solo.end(RunStatus.KILLED);
            localIds.put("diverged", solo.runId());
        }
    }

    private int sync() {
        return MlflowSync.run(store, fake.uri(), Map.of(), new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private FakeMlflowServer.Run serverRun(String name) {
        List<String> ids = fake.runsWithTag(MlflowSync.SOURCE_RUN_ID_TAG, localIds.get(name));
        assertThat(ids).as("server runs for local run '" + name + "'").hasSize(1);
        return fake.run(ids.get(0));
    }

    /** Write requests: anything that creates or changes something on the server. */
    private long writes() {
        return fake.requests().stream().filter(r -> r.method().equals("PUT") || r.method().equals("POST")
                && !r.path().endsWith("runs/search")).count();
    }

    @Test
    void storeIsUploadedCompletely() {
        assertThat(sync()).as(output()).isEqualTo(MlflowSync.EXIT_OK);

        FileStoreReader reader = new FileStoreReader(store);
        assertThat(fake.experimentByName("sweep")).isPresent();
        assertThat(fake.experimentByName("sweep").orElseThrow().get("tags").toString()).contains("team");
        assertThat(fake.runCount()).isEqualTo(5);
        FakeMlflowServer.Run parent = serverRun("sweep");
        assertThat(parent.status).isEqualTo("FINISHED");
        assertThat(parent.runName).isEqualTo("sweep");
        assertThat(parent.userId).isEqualTo("bob");
        assertThat(parent.startTime).isEqualTo(T0);
        assertThat(parent.endTime).isEqualTo(reader.findRun(localIds.get("sweep")).orElseThrow().endTime().getAsLong());
        assertThat(parent.params).containsEntry("grid", "lr");
        assertThat(parent.tags).containsEntry(MlflowTags.GIT_COMMIT, "cafe1234").containsEntry(MlflowTags.USER, "bob")
                .doesNotContainKey(MlflowTags.PARENT_RUN_ID);
        assertThat(fake.artifact(parent.experimentId + "/" + parent.runId + "/artifacts/reports/summary.txt"))
                .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("best: point-2"));

        for (int i = 0; i < 3; i++) {
            String name = "point-" + i;
            FakeMlflowServer.Run child = serverRun(name);
            String localId = localIds.get(name);
            FileStoreReader.RunInfo local = reader.findRun(localId).orElseThrow();
            assertThat(child.tags).as("parent link mapped to the server's id")
                    .containsEntry(MlflowTags.PARENT_RUN_ID, parent.runId)
                    .containsEntry("point", String.valueOf(i))
                    .containsEntry(MlflowSync.SOURCE_RUN_ID_TAG, localId);
            assertThat(child.experimentId).isEqualTo(parent.experimentId);
            assertThat(child.params).containsEntry("epochs", "3").hasSize(2);
            assertThat(child.status).isEqualTo(i == 2 ? "FAILED" : "FINISHED");
            assertThat(child.startTime).isEqualTo(local.startTime());
            assertThat(child.endTime).isEqualTo(local.endTime().getAsLong());
            List<FakeMlflowServer.Metric> expected = new ArrayList<>();
            reader.metrics(local.experimentId(), localId).forEach((key, points) -> points.forEach(
                    p -> expected.add(new FakeMlflowServer.Metric(key, p.value(), p.timestamp(), p.step()))));
            assertThat(child.metrics).hasSize(POINTS + 1).containsExactlyInAnyOrderElementsOf(expected);
        }
        FakeMlflowServer.Run solo = serverRun("diverged");
        assertThat(solo.status).isEqualTo("KILLED");
        assertThat(solo.metrics).extracting(FakeMlflowServer.Metric::value)
                .containsExactly(Double.NaN, Double.POSITIVE_INFINITY);
        assertThat(solo.tags).containsEntry(MlflowTags.NOTE_CONTENT, "# diverged");
        assertThat(output()).contains("created experiment 'sweep'").contains("Done:");
    }

    @Test
    void syncingTwiceCreatesNothingTwice() {
        assertThat(sync()).isEqualTo(MlflowSync.EXIT_OK);
        int runs = fake.runCount();
        int experiments = fake.experimentCount();
        Map<String, Integer> metricCounts = new HashMap<>();
        localIds.keySet().forEach(name -> metricCounts.put(name, serverRun(name).metrics.size()));
        Map<String, byte[]> artifacts = fake.artifacts();
        long writesBefore = writes();

        assertThat(sync()).as(output()).isEqualTo(MlflowSync.EXIT_OK);

        assertThat(fake.runCount()).isEqualTo(runs);
        assertThat(fake.experimentCount()).isEqualTo(experiments);
        localIds.keySet().forEach(name -> assertThat(serverRun(name).metrics).hasSize(metricCounts.get(name)));
        assertThat(fake.artifacts().keySet()).isEqualTo(artifacts.keySet());
        assertThat(writes()).as("the second sync only reads").isEqualTo(writesBefore);
        assertThat(output()).contains("already there").contains("5 already there");
    }

    @Test
    void syncInterruptedHalfWayCompletesOnTheNextRunWithoutDuplicates() {
        // log-batches: the sweep's params and metrics and the solo run's metrics (2 + 1, in either order), then
        // point-0's params and its first 1000 points; the next 1000 are applied but the answer is lost, which stops
        // the sync in the middle of point-0
        fake.addRule(FakeMlflowServer.Rule.applyThenDrop("runs/log-batch", 1).afterFirst(5));
        assertThat(sync()).as(output()).isEqualTo(MlflowSync.EXIT_INCOMPLETE);
        assertThat(output()).contains("Run the same command again");
        int runsAfterFirst = fake.runCount();
        assertThat(runsAfterFirst).isLessThan(5);

        assertThat(sync()).as(output()).isEqualTo(MlflowSync.EXIT_OK);

        assertThat(fake.runCount()).isEqualTo(5);
        for (int i = 0; i < 3; i++) {
            FakeMlflowServer.Run child = serverRun("point-" + i);
            for (int step = 0; step < POINTS; step++) {
                assertThat(fake.metricCount(child.runId, "loss", step)).as("point-" + i + " step " + step)
                        .isEqualTo(1);
            }
            assertThat(child.metrics).hasSize(POINTS + 1);
            assertThat(child.status).isNotEqualTo("RUNNING");
        }
        assertThat(serverRun("sweep").status).isEqualTo("FINISHED");
        assertThat(output()).contains("completed: run " + localIds.get("point-0"))
                .contains("(" + (POINTS + 1 - 2000) + " metric values");
        assertThat(fake.requests("metrics/get-history")).as("point-0's histories were checked").isNotEmpty();
    }

    @Test
    void runCreatedButItsAnswerLostIsFoundAgainNotDuplicated() {
        fake.addRule(FakeMlflowServer.Rule.applyThenDrop("runs/create", 1).afterFirst(1));
        assertThat(sync()).isEqualTo(MlflowSync.EXIT_INCOMPLETE);

        assertThat(sync()).as(output()).isEqualTo(MlflowSync.EXIT_OK);

        assertThat(fake.runCount()).isEqualTo(5);
        localIds.keySet().forEach(this::serverRun); // exactly one server run each
    }

    @Test
    void serverDownMidWayStopsTheSyncAndTheNextOneCompletesIt() throws IOException {
        fake.addRule(FakeMlflowServer.Rule.drop("mlflow-artifacts", -1)); // the artifact upload never answers
        assertThat(sync()).isEqualTo(MlflowSync.EXIT_INCOMPLETE);
        fake.clearRules();

        assertThat(sync()).as(output()).isEqualTo(MlflowSync.EXIT_OK);

        assertThat(fake.runCount()).isEqualTo(5);
        FakeMlflowServer.Run parent = serverRun("sweep");
        assertThat(parent.status).isEqualTo("FINISHED");
        assertThat(fake.artifact(parent.experimentId + "/" + parent.runId + "/artifacts/reports/summary.txt"))
                .isPresent();
    }

    @Test
    void oneExperimentByName() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = MlflowSync.run(store, fake.uri(), Optional.of("solo"), Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(MlflowSync.EXIT_OK);
        assertThat(fake.runCount()).isEqualTo(1);
        assertThat(fake.experimentByName("sweep")).isEmpty();
    }

    @Test
    void reportCountsWhatWasSent() {
        try (RestTracker tracker = RestTracker.builder(fake.uri()).fallbackStore(tmp.resolve("unused"))
                .flushInterval(Duration.ofHours(1)).open()) {
            SyncReport report = new MlflowSync(tracker, new PrintStream(output, true, StandardCharsets.UTF_8))
                    .sync(store, Optional.empty());
            assertThat(report.isComplete()).isTrue();
            assertThat(report.experimentsCreated()).isEqualTo(2);
            assertThat(report.runsCreated()).isEqualTo(5);
            assertThat(report.runsSkipped()).isZero();
            assertThat(report.metricsSent()).isEqualTo(3L * (POINTS + 1) + 1 + 2);
            assertThat(report.artifactsUploaded()).isEqualTo(1);
            assertThat(report.paramsSent()).isEqualTo(1 + 3 * 2);

            SyncReport again = new MlflowSync(tracker, new PrintStream(output, true, StandardCharsets.UTF_8))
                    .sync(store, Optional.empty());
            assertThat(again.runsSkipped()).isEqualTo(5);
            assertThat(again.runsCreated() + again.runsCompleted() + again.metricsSent()).isZero();
        }
    }

    @Test
    void badArgumentsAreExplained() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThat(MlflowSync.run(tmp.resolve("missing"), fake.uri(), Map.of(), print))
                .isEqualTo(MlflowSync.EXIT_USAGE);
        assertThat(MlflowSync.run(store, "file:///tmp/mlruns", Map.of(), print)).isEqualTo(MlflowSync.EXIT_USAGE);
        assertThat(MlflowSync.run(store, fake.uri(), Optional.of("nope"), Map.of(), print))
                .isEqualTo(MlflowSync.EXIT_USAGE);
        Path notAStore = Files.createDirectories(tmp.resolve("empty"));
        assertThat(MlflowSync.run(notAStore, fake.uri(), Map.of(), print)).isEqualTo(MlflowSync.EXIT_USAGE);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThat(MlflowSync.run(store, "http://127.0.0.1:" + port, Map.of(), print))
                .isEqualTo(MlflowSync.EXIT_INCOMPLETE);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("no MLflow store at " + tmp.resolve("missing"))
                .contains("http:// or https://")
                .contains("no experiment named 'nope'")
                .contains("is not an MLflow file store")
                .contains("connection refused").contains("nothing was uploaded");
        assertThat(fake.runCount()).isZero();
        assertThatThrownBy(() -> new MlflowSync(null, print)).isInstanceOf(NullPointerException.class);
    }
}
