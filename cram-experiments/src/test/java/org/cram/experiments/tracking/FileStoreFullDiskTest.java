package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.cram.api.track.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk in the middle of a write, simulated through {@link AtomicFiles}' write seam (the temp file gets part
 * of its bytes, then {@code No space left on device}): meta.yaml is always the old or the new complete version,
 * no temp file stays behind, and the run ends FAILED with the failed write as {@value MlflowTags#FAILURE_REASON}.
 */
class FileStoreFullDiskTest {
    private static final String ENOSPC = "No space left on device";

    @TempDir
    Path tmp;

    private final AtomicFiles.TempWriter original = AtomicFiles.useWriter(AtomicFiles.DISK);

    @AfterEach
    void restoreWriter() {
        AtomicFiles.useWriter(original);
    }

    /** A writer that fails write number {@code failAt} (0-based) after writing half its bytes. */
    private static AtomicFiles.TempWriter fullAtWrite(int failAt, AtomicInteger count) {
        return (file, content) -> {
            if (count.getAndIncrement() == failAt) {
                Files.write(file, Arrays.copyOf(content, content.length / 2));
                throw new IOException(ENOSPC);
            }
            AtomicFiles.DISK.write(file, content);
        };
    }

    private FileStoreTracker tracker(String name) {
        return new FileStoreTracker(tmp.resolve(name), new MutableClock(1_700_000_000_000L), "u", "src", Map.of());
    }

    @Test
    void endOnAFullDiskKeepsTheOldMetaAndCloseEndsFailedWithTheReason() throws IOException {
        try (FileStoreTracker tracker = tracker("end")) {
            FileStoreRun run = tracker.startRun("exp", "full");
            run.logParam("lr", "0.1");
            run.logMetric("loss", 0.5, 1);
            Path meta = run.runDir().resolve(FileStoreReader.META);
            String before = Files.readString(meta);

            AtomicFiles.useWriter(fullAtWrite(0, new AtomicInteger()));
            assertThatThrownBy(() -> run.end(RunStatus.FINISHED)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(meta.toString()).hasRootCauseMessage(ENOSPC);
            assertThat(Files.readString(meta)).as("the old complete meta.yaml").isEqualTo(before);
            assertThat(RunMetaAssertions.assertComplete(run.runDir())).isEqualTo(RunStatus.RUNNING);
            assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
            assertNoTempFiles(tracker.root());

            AtomicFiles.useWriter(AtomicFiles.DISK); // space freed
            run.close();
            FileStoreReader reader = new FileStoreReader(tracker.root());
            assertThat(reader.run(run.experimentId(), run.runId()).status()).isEqualTo(RunStatus.FAILED);
            assertThat(RunMetaAssertions.assertComplete(run.runDir())).isEqualTo(RunStatus.FAILED);
            assertThat(reader.tags(run.experimentId(), run.runId()).get(MlflowTags.FAILURE_REASON))
                    .contains("cannot write " + meta).contains(ENOSPC);
            assertThat(reader.params(run.experimentId(), run.runId())).containsEntry("lr", "0.1");
        }
    }

    @Test
    void aDiskThatStaysFullSurfacesTheErrorAndLeavesTheOldMeta() throws IOException {
        try (FileStoreTracker tracker = tracker("stays")) {
            FileStoreRun run = tracker.startRun("exp", "stays full");
            Path meta = run.runDir().resolve(FileStoreReader.META);
            String before = Files.readString(meta);

            AtomicFiles.useWriter((file, content) -> {
                Files.write(file, Arrays.copyOf(content, content.length / 3));
                throw new IOException(ENOSPC);
            });
            assertThatThrownBy(() -> run.setTag("phase", "train")).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("phase").hasRootCauseMessage(ENOSPC);
            assertThatThrownBy(run::close).as("ending needs meta.yaml: the failure is surfaced")
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining(meta.toString());
            assertThat(Files.readString(meta)).isEqualTo(before);
            assertNoTempFiles(tracker.root());
            assertThat(run.runDir().resolve("tags/phase")).doesNotExist();

            AtomicFiles.useWriter(AtomicFiles.DISK);
            run.close();
            Map<String, String> tags = new FileStoreReader(tracker.root()).tags(run.experimentId(), run.runId());
            assertThat(tags.get(MlflowTags.FAILURE_REASON)).as("the first failure, not the later meta.yaml one")
                    .contains("phase").contains(ENOSPC);
            assertThat(RunMetaAssertions.assertComplete(run.runDir())).isEqualTo(RunStatus.FAILED);
        }
    }

    /** The disk fills up at every write position in turn: meta.yaml is never partial, and the run ends FAILED. */
    @Test
    void everyWriteFailingInTurnLeavesACompleteMeta() throws IOException {
        for (int failAt = 0; failAt < 40; failAt++) {
            AtomicInteger count = new AtomicInteger();
            try (FileStoreTracker tracker = tracker("turn-" + failAt)) {
                AtomicFiles.useWriter(fullAtWrite(failAt, count));
                Optional<FileStoreRun> started = Optional.empty();
                boolean failed = false;
                try {
                    FileStoreRun run = tracker.startRun("exp", "turn " + failAt);
                    started = Optional.of(run);
                    run.logParam("p", "1");
                    run.setTag("t", "x");
                    run.logMetric("m", 1.0, 0);
                    run.logMetric("m2", 2.0, 0);
                    run.end(RunStatus.FINISHED);
                } catch (UncheckedIOException e) {
                    failed = true;
                    assertThat(e).hasRootCauseMessage(ENOSPC);
                }
                AtomicFiles.useWriter(AtomicFiles.DISK);
                started.ifPresent(FileStoreRun::close);
                assertNoTempFiles(tracker.root());
                List<Path> runDirs = runDirs(tracker.root());
                if (count.get() <= failAt) {
                    assertThat(failed).as("no write failed at " + failAt).isFalse();
                    assertThat(runDirs).hasSize(1);
                    assertThat(RunMetaAssertions.assertComplete(runDirs.get(0))).isEqualTo(RunStatus.FINISHED);
                    return; // past the last write: every position was covered
                }
                assertThat(failed).as("write " + failAt + " failed").isTrue();
                for (Path dir : runDirs) {
                    if (Files.exists(dir.resolve(FileStoreReader.META))) {
                        assertThat(RunMetaAssertions.assertComplete(dir)).as("write " + failAt).isEqualTo(
                                RunStatus.FAILED);
                        assertThat(Files.readString(dir.resolve("tags/" + MlflowTags.FAILURE_REASON)))
                                .contains(ENOSPC);
                    } else {
                        assertThat(started).as("only a failed startRun leaves a run folder without meta.yaml")
                                .isEmpty();
                    }
                }
            }
        }
        throw new AssertionError("a run of this test needs fewer than 40 writes");
    }

    /** Run folders: non-hidden folders of experiment folders, other than an experiment's tags folder. */
    private static List<Path> runDirs(Path root) throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        try (Stream<Path> experiments = Files.list(root)) {
            for (Path e : experiments.filter(FileStoreFullDiskTest::visibleDir).toList()) {
                try (Stream<Path> runs = Files.list(e)) {
                    runs.filter(FileStoreFullDiskTest::visibleDir)
                            .filter(d -> !d.getFileName().toString().equals("tags")).forEach(out::add);
                }
            }
        }
        return out;
    }

    private static boolean visibleDir(Path p) {
        return Files.isDirectory(p) && !p.getFileName().toString().startsWith(".");
    }

    private static void assertNoTempFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            assertThat(walk.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"));
        }
    }
}
