package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.cram.api.track.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour across JVMs: the shutdown hook of a crashed writer, and experiment creation from several processes. */
@Timeout(120)
class FileStoreTrackerProcessTest {

    @TempDir
    Path tmp;

    @Test
    void runOfAProcessThatExitsWithoutEndingItIsMarkedFailed() throws Exception {
        Path root = tmp.resolve("mlruns");
        Process p = child("crash", root.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(stderr(p)).isEqualTo(3);

        String[] ids = out.split(" ");
        FileStoreReader.RunInfo info = new FileStoreReader(root).run(ids[0], ids[1]);
        assertThat(info.status()).isEqualTo(RunStatus.FAILED);
        assertThat(info.endTime()).isPresent();
        assertThat(new FileStoreReader(root).metric(ids[0], ids[1], "loss")).hasSize(1);
    }

    @Test
    void processesCreatingTheSameExperimentAgreeOnOne() throws Exception {
        Path root = tmp.resolve("mlruns");
        long startAt = System.currentTimeMillis() + 1_500;
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            processes.add(child("experiment", root.toString(), "contended", Long.toString(startAt)).start());
        }
        Set<String> ids = new HashSet<>();
        for (Process p : processes) {
            ids.add(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(stderr(p)).isZero();
        }
        assertThat(ids).hasSize(1);
        assertThat(new FileStoreReader(root).experiments()).filteredOn(e -> e.name().equals("contended")).hasSize(1);
    }

    private static ProcessBuilder child(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                TrackerChildMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private static String stderr(Process p) throws IOException {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
