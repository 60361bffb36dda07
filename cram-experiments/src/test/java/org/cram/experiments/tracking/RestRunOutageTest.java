package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.cram.api.track.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server going away while a run is logging: nothing blocks or throws in the training loop, everything arrives
 * exactly once when the server returns, and a run whose server never returns ends up whole in the local store.
 */
@Timeout(60)
class RestRunOutageTest {

    @TempDir
    Path tmp;

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
                .user("alice")
                .sourceName("org.example.Train")
                .flushInterval(Duration.ofMillis(100))
                .retryBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
                .connectTimeout(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(2))
                .finalRetry(Duration.ofSeconds(3))
                .outageDeadline(Duration.ofMinutes(1))
                .fallbackStore(tmp.resolve("mlruns"))
                .notices(new PrintStream(noticeBytes, true, StandardCharsets.UTF_8));
    }

    private String notices() {
        return noticeBytes.toString(StandardCharsets.UTF_8);
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content);
    }

    @ParameterizedTest
    @EnumSource(FakeMlflowServer.Outage.class)
    void serverDownForTwoSecondsThenBack_everyWriteArrivesExactlyOnceAndTrainingNeverWaits(
            FakeMlflowServer.Outage how) throws Exception {
        tracker = builder().open();
        RestRun run = tracker.startRun("exp", "outage");
        run.logParam("lr", "0.1");
        Path checkpoint = file("model.bin", "weights at step 100");
        int steps = 300;
        long worstMetricNanos = 0;
        long worstOtherNanos = 0;
        int requestsWhenDown = 0;
        int requestsWhenBack = 0;

        for (int step = 0; step < steps; step++) {
            if (step == 50) {
                fake.goDown(how);
                requestsWhenDown = fake.requestCount();
            }
            if (step == 250) {
                requestsWhenBack = fake.requestCount();
                fake.comeBack();
            }
            long start = System.nanoTime();
            run.logMetric("loss", 1.0 / (step + 1), step);
            run.logMetric("acc", step / (double) steps, step);
            worstMetricNanos = Math.max(worstMetricNanos, System.nanoTime() - start);
            if (step == 120) { // the sender has seen the outage by now: these only queue
                start = System.nanoTime();
                run.setTag("phase", "during the outage");
                run.logParam("wd", "5e-4");
                run.logArtifact(checkpoint, "ckpt");
                worstOtherNanos = System.nanoTime() - start;
                Files.writeString(checkpoint, "overwritten later"); // the upload must carry the logged content
            }
            Thread.sleep(10);
        }
        run.end(RunStatus.FINISHED);

        assertThat(Duration.ofNanos(worstMetricNanos)).as("longest logMetric call").isLessThan(Duration.ofMillis(50));
        assertThat(Duration.ofNanos(worstOtherNanos)).as("tag + param + artifact during the outage")
                .isLessThan(Duration.ofMillis(200));
        FakeMlflowServer.Run stored = fake.run(run.runId());
        for (int step = 0; step < steps; step++) {
            assertThat(fake.metricCount(run.runId(), "loss", step)).as("loss at step " + step).isEqualTo(1);
            assertThat(fake.metricCount(run.runId(), "acc", step)).as("acc at step " + step).isEqualTo(1);
        }
        assertThat(stored.metrics).hasSize(2 * steps);
        assertThat(stored.params).containsExactlyInAnyOrderEntriesOf(Map.of("lr", "0.1", "wd", "5e-4"));
        assertThat(stored.tags).containsEntry("phase", "during the outage");
        assertThat(fake.artifact(run.experimentId() + "/" + run.runId() + "/artifacts/ckpt/model.bin"))
                .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8))
                        .isEqualTo("weights at step 100"));
        assertThat(stored.status).isEqualTo("FINISHED");
        assertThat(run.localRunDir()).isEmpty();
        assertThat(notices()).contains("not taking writes").contains("answers again");
        if (how == FakeMlflowServer.Outage.UNAVAILABLE) {
            assertThat(requestsWhenBack - requestsWhenDown).as("retries during 2 s of outage, with back-off")
                    .isBetween(2, 25);
            assertThat(fake.requests("metrics/get-history")).as("503 is ambiguous: checked before resending")
                    .isNotEmpty();
        } else {
            assertThat(fake.requests("metrics/get-history")).as("a refused connection sent nothing: no check")
                    .isEmpty();
        }
    }

    @Test
    void logBatchAppliedButItsAnswerLost_isNotAppliedTwice() {
        tracker = builder().flushInterval(Duration.ofHours(1)).open();
        RestRun run = tracker.startRun("exp", "lost answer");
        for (int step = 0; step < 10; step++) {
            run.logMetric("loss", step * 0.5, step);
        }
        fake.addRule(FakeMlflowServer.Rule.applyThenDrop("runs/log-batch", 1));

        run.flush(); // applied by the server, but the client never hears of it

        assertThat(fake.metrics(run.runId())).as("applied").hasSize(10);
        assertThat(run.pendingMetrics()).as("unknown outcome: still pending").isEqualTo(10);
        for (int step = 10; step < 15; step++) {
            run.logMetric("loss", step * 0.5, step);
        }
        run.end(RunStatus.FINISHED);

        assertThat(fake.metrics(run.runId())).hasSize(15);
        for (int step = 0; step < 15; step++) {
            assertThat(fake.metricCount(run.runId(), "loss", step)).as("step " + step).isEqualTo(1);
        }
        assertThat(fake.requests("metrics/get-history")).hasSize(1);
        assertThat(fake.requests("runs/log-batch")).as("the lost one, then only the 5 new points").hasSize(2);
        assertThat(fake.run(run.runId()).status).isEqualTo("FINISHED");
    }

    @Test
    void batchWhoseAnswerWasLostIsCompletedWithOnlyTheMissingPoints() {
        tracker = builder().flushInterval(Duration.ofHours(1)).open();
        RestRun run = tracker.startRun("exp", "r");
        run.logMetric("loss", 1, 1);
        run.logMetric("loss", 2, 2);
        fake.addRule(FakeMlflowServer.Rule.drop("runs/log-batch", 1)); // not applied, no answer
        run.flush();
        assertThat(fake.metrics(run.runId())).isEmpty();

        run.end(RunStatus.FINISHED);

        assertThat(fake.metrics(run.runId())).extracting(FakeMlflowServer.Metric::step).containsExactly(1L, 2L);
    }

    @Test
    void serverThatNeverReturns_runIsWrittenWholeToTheLocalStoreAndGoesOnThere() throws Exception {
        tracker = builder().outageDeadline(Duration.ofMillis(1500)).open();
        RestRun parent = tracker.startRun("exp", "sweep");
        RestRun run = tracker.startRun("exp", "doomed", Optional.of(parent.runId()));
        run.logParam("lr", "0.1");
        run.setTag("phase", "before");
        run.logArtifact(file("config.yaml", "lr: 0.1"), "");
        int step = 0;
        for (; step < 20; step++) {
            run.logMetric("loss", 1.0 / (step + 1), step);
        }
        run.flush();
        assertThat(fake.metrics(run.runId())).hasSize(20);

        fake.goDown(FakeMlflowServer.Outage.REFUSE);
        run.logParam("wd", "5e-4");
        long giveUp = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (run.localRunDir().isEmpty() && System.nanoTime() < giveUp) {
            run.logMetric("loss", 1.0 / (step + 1), step);
            step++;
            Thread.sleep(20);
        }
        assertThat(run.localRunDir()).as("fell back after the deadline").isPresent();
        int lastStep = step + 10;
        for (; step < lastStep; step++) { // the run goes on in the local store
            run.logMetric("loss", 1.0 / (step + 1), step);
        }
        run.setTag("phase", "after");
        run.end(RunStatus.FINISHED);
        parent.end(RunStatus.FINISHED);

        Path store = tmp.resolve("mlruns");
        FileStoreReader reader = new FileStoreReader(store);
        FileStoreReader.RunInfo local = reader.findRun(run.runId()).orElseThrow();
        assertThat(local.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(local.runName()).isEqualTo("doomed");
        assertThat(reader.experiment(local.experimentId()).name()).isEqualTo("exp");
        assertThat(reader.params(local.experimentId(), run.runId()))
                .containsExactlyInAnyOrderEntriesOf(Map.of("lr", "0.1", "wd", "5e-4"));
        assertThat(reader.tags(local.experimentId(), run.runId()))
                .containsEntry("phase", "after")
                .containsEntry(MlflowTags.USER, "alice")
                .containsEntry(MlflowTags.RUN_NAME, "doomed")
                .containsEntry(MlflowTags.PARENT_RUN_ID, parent.runId());
        List<FileStoreReader.MetricPoint> loss = reader.metric(local.experimentId(), run.runId(), "loss");
        assertThat(loss).extracting(FileStoreReader.MetricPoint::step)
                .as("every point, sent before the outage or not, once")
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, lastStep).boxed().toList());
        assertThat(reader.runDir(local.experimentId(), run.runId()).resolve("artifacts/config.yaml"))
                .hasContent("lr: 0.1");
        assertThat(reader.findRun(parent.runId())).as("the parent fell back too").isPresent();
        assertThat(notices()).contains("written to the local MLflow store " + store)
                .contains("cram mlflow sync " + store + " " + fake.uri())
                .contains("has been unreachable");

        // when the server is back, sync completes the very same runs there, without duplicates
        fake.comeBack();
        int runsBefore = fake.runCount();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = MlflowSync.run(store, fake.uri(), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(MlflowSync.EXIT_OK);
        assertThat(fake.runCount()).isEqualTo(runsBefore);
        FakeMlflowServer.Run stored = fake.run(run.runId());
        assertThat(stored.status).isEqualTo("FINISHED");
        assertThat(stored.params).containsEntry("wd", "5e-4");
        assertThat(stored.tags).containsEntry("phase", "after");
        for (int s = 0; s < lastStep; s++) {
            assertThat(fake.metricCount(run.runId(), "loss", s)).as("loss at step " + s).isEqualTo(1);
        }
        assertThat(fake.run(parent.runId()).status).isEqualTo("FINISHED");
    }

    @Test
    void writesQueuedInAnOutageKeepTheirOrder() throws Exception {
        tracker = builder().open();
        RestRun run = tracker.startRun("exp", "r");
        fake.goDown(FakeMlflowServer.Outage.UNAVAILABLE);
        run.setTag("state", "a");
        await(tracker::isServerDown);
        run.setTag("state", "b");
        run.setTag("state", "c");
        assertThat(run.pendingWrites()).isEqualTo(3);
        fake.comeBack();
        await(() -> run.pendingWrites() == 0);
        assertThat(fake.run(run.runId()).tags).containsEntry("state", "c");
        List<String> values = fake.requests("runs/set-tag").stream()
                .filter(r -> r.bodyText().contains("\"state\""))
                .filter(r -> !r.bodyText().isEmpty())
                .map(r -> String.valueOf(r.json().get("value"))).toList();
        assertThat(values).as("a (failed), then a, b, c in order").endsWith("a", "b", "c");
        run.end(RunStatus.FINISHED);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("condition met within 10 s").isTrue();
    }
}
