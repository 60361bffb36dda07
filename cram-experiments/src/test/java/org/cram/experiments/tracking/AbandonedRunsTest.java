package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.cram.api.track.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs left RUNNING by a writer that died are ended FAILED with the reason; runs of live or foreign writers stay. */
public class AbandonedRunsTest {

    /**
     * The identity of a process that has ended: {@code cat} waiting on its input, whose start time is read while it
     * lives (the OS forgets an ended process's start time), then ended and waited for.
     */
    public static WriterProcess deadProcess() throws Exception {
        Process p = new ProcessBuilder("cat").start();
        long start = p.info().startInstant().orElseThrow().toEpochMilli();
        p.getOutputStream().close();
        p.waitFor();
        return new WriterProcess(p.pid(), WriterProcess.current().host(), start);
    }

    private static void setWriter(FileStoreRun run, String writer) throws Exception {
        Files.writeString(run.runDir().resolve("tags").resolve(MlflowTags.WRITER), writer);
    }

    @Test
    void everyRunRecordsItsLiveWriter(@TempDir Path store) {
        try (FileStoreTracker tracker = FileStoreTracker.open(store);
             FileStoreRun run = tracker.startRun("e", "r", Optional.empty())) {
            String writer = new FileStoreReader(store).tags(run.experimentId(), run.runId()).get(MlflowTags.WRITER);
            assertThat(WriterProcess.parse(writer)).contains(WriterProcess.current());
            assertThat(WriterProcess.current().isCertainlyDead()).isFalse();
        }
    }

    @Test
    void onlyTheRunsOfDeadWritersOnThisHostAreEndedFailedWithTheReason(@TempDir Path store) throws Exception {
        WriterProcess dead = deadProcess();
        assertThat(dead.isCertainlyDead()).isTrue();
        try (FileStoreTracker tracker = FileStoreTracker.open(store)) {
            FileStoreRun abandoned = tracker.startRun("e", "abandoned", Optional.empty());
            FileStoreRun live = tracker.startRun("e", "live", Optional.empty());
            FileStoreRun foreign = tracker.startRun("e", "foreign", Optional.empty());
            FileStoreRun finished = tracker.startRun("e", "finished", Optional.empty());
            finished.end(RunStatus.FINISHED);
            setWriter(abandoned, dead.id());
            setWriter(foreign, dead.pid() + "@another-host@" + dead.startMillis());
            setWriter(finished, dead.id());
            Clock at = Clock.fixed(Instant.ofEpochMilli(1_800_000_000_000L), ZoneOffset.UTC);

            List<AbandonedRuns.Ended> ended = AbandonedRuns.markFailed(store, at);

            assertThat(ended).extracting(AbandonedRuns.Ended::runName).containsExactly("abandoned");
            FileStoreReader reader = new FileStoreReader(store);
            FileStoreReader.RunInfo info = reader.run(abandoned.experimentId(), abandoned.runId());
            assertThat(info.status()).isEqualTo(RunStatus.FAILED);
            assertThat(info.endTime()).hasValue(1_800_000_000_000L);
            assertThat(reader.tags(abandoned.experimentId(), abandoned.runId()).get(MlflowTags.FAILURE_REASON))
                    .contains(dead.id()).contains("ended without ending the run");
            assertThat(RunMetaAssertions.assertComplete(abandoned.runDir())).isEqualTo(RunStatus.FAILED);
            assertThat(Files.readString(abandoned.runDir().resolve("meta.yaml"))).contains("status: 4\n")
                    .contains("start_time: " + info.startTime() + "\n");
            assertThat(reader.run(live.experimentId(), live.runId()).status()).isEqualTo(RunStatus.RUNNING);
            assertThat(reader.run(foreign.experimentId(), foreign.runId()).status()).isEqualTo(RunStatus.RUNNING);
            assertThat(reader.run(finished.experimentId(), finished.runId()).status())
                    .isEqualTo(RunStatus.FINISHED);
            assertThat(AbandonedRuns.markFailed(store, at)).as("a second repair finds nothing").isEmpty();
        }
    }

    @Test
    void aPidReusedByANewerProcessIsNotMistakenForTheWriter() {
        WriterProcess self = WriterProcess.current();
        assertThat(new WriterProcess(self.pid(), self.host(), self.startMillis() - 60_000).isCertainlyDead())
                .as("same pid, another start time: the writer is gone").isTrue();
        assertThat(new WriterProcess(self.pid(), self.host(), -1).isCertainlyDead())
                .as("unknown start time: never called dead").isFalse();
        assertThat(WriterProcess.parse("12@h@34")).contains(new WriterProcess(12, "h", 34));
        assertThat(WriterProcess.parse("not a writer")).isEmpty();
        assertThat(WriterProcess.parse("12@@34")).isEmpty();
    }
}
