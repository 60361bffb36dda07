package org.cram.experiments.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.cram.api.track.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour across JVMs: the shutdown hook of a crashed writer (FAILED) or of one stopped by SIGTERM (KILLED), a
 * writer killed by SIGKILL mid-write, and experiment creation from several processes.
 */
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
    void runOfAProcessStoppedBySigtermIsMarkedKilled() throws Exception {
        Path root = tmp.resolve("mlruns");
        Path err = tmp.resolve("child.err");
        Process p = child("wait", root.toString()).redirectError(err.toFile()).start();
        String[] ids = firstLine(p).split(" ");

        p.destroy(); // SIGTERM (and closes our ends of the child's streams)
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("the JVM's exit code for SIGTERM; " + Files.readString(err)).isEqualTo(143);

        FileStoreReader.RunInfo info = new FileStoreReader(root).run(ids[0], ids[1]);
        assertThat(info.status()).isEqualTo(RunStatus.KILLED);
        assertThat(info.endTime()).isPresent();
        assertThat(Files.readString(new FileStoreReader(root).runDir(ids[0], ids[1]).resolve("meta.yaml")))
                .contains("status: 5");
    }

    @Test
    void serverRunOfAProcessStoppedBySigtermIsMarkedKilled() throws Exception {
        try (FakeMlflowServer fake = FakeMlflowServer.start()) {
            Path err = tmp.resolve("child.err");
            Process p = child("wait-rest", fake.uri(), tmp.resolve("fallback").toString())
                    .redirectError(err.toFile()).start();
            String runId = firstLine(p);
            assertThat(fake.run(runId).status).isEqualTo("RUNNING");

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(err)).isEqualTo(143);
            assertThat(fake.run(runId).status).isEqualTo("KILLED");
            assertThat(fake.metrics(runId)).hasSize(1);
        }
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

    /** Named attack: two processes writing runs into one mlruns at once leave a store MLflow's rules accept. */
    @Test
    void twoProcessesWritingRunsAtOnceLeaveAValidStore() throws Exception {
        Path root = tmp.resolve("mlruns");
        long startAt = System.currentTimeMillis() + 1_500;
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            processes.add(child("runs", root.toString(), "5", Long.toString(startAt)).start());
        }
        for (Process p : processes) {
            assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                    .as(stderr(p)).isEqualTo("done");
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        FileStoreReader reader = new FileStoreReader(root);
        List<FileStoreReader.ExperimentInfo> shared = reader.experiments().stream()
                .filter(e -> e.name().equals("shared")).toList();
        assertThat(shared).hasSize(1);
        String exp = shared.get(0).experimentId();
        List<FileStoreReader.RunInfo> runs = reader.runs(exp);
        assertThat(runs).hasSize(10).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(r.endTime()).isPresent();
            assertThat(reader.params(exp, r.runId())).containsOnlyKeys("index");
            assertThat(reader.tags(exp, r.runId())).containsEntry("phase/train", "yes");
            Map<String, List<FileStoreReader.MetricPoint>> metrics = reader.metrics(exp, r.runId());
            assertThat(metrics).containsOnlyKeys("loss", "eval/accuracy");
            assertThat(metrics.get("loss")).hasSize(20);
            for (String key : reader.tags(exp, r.runId()).keySet()) {
                MlflowKeys.validate("tag", key);
            }
            assertThat(reader.runDir(exp, r.runId()).resolve("artifacts/notes")).isDirectory();
        });
        assertThat(runs.stream().map(FileStoreReader.RunInfo::runId).distinct()).hasSize(10);
        try (var walk = Files.walk(root)) {
            assertThat(walk.map(f -> f.getFileName().toString()))
                    .as("no temporary or half-written files (only the experiment lock is hidden)")
                    .noneMatch(n -> n.endsWith(".tmp") || n.startsWith(".") && !n.equals(".cram-experiments.lock"));
        }
    }

    /**
     * Named attack: a writer killed with SIGKILL (no shutdown hook) in the middle of writing runs. Every meta.yaml
     * is complete, every metric file parses, temp files are only hidden files inside run folders (never a run) and
     * only the run being written is left RUNNING; a run folder without meta.yaml (killed between creating the folder
     * and its first meta.yaml) holds nothing but hidden temp files and is skipped by readers.
     */
    @Test
    void writerKilledMidWriteLeavesCompleteMetaFiles() throws Exception {
        Path root = tmp.resolve("mlruns");
        Path err = tmp.resolve("child.err");
        for (long pause : new long[] {150, 400, 700}) {
            Process p = child("churn", root.toString()).redirectError(err.toFile()).start();
            assertThat(firstLine(p)).as(Files.readString(err)).isEqualTo("started");
            Thread.sleep(pause);
            p.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(137);
        }
        FileStoreReader reader = new FileStoreReader(root);
        String exp = reader.experimentByName("churn").orElseThrow().experimentId();
        List<RunStatus> statuses = new ArrayList<>();
        int withoutMeta = 0;
        try (var dirs = Files.list(root.resolve(exp))) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                String name = dir.getFileName().toString();
                assertThat(name).as("a visible folder of the experiment is a run or its tags").matches(
                        "[0-9a-f]{32}|tags");
                if (name.equals("tags")) {
                    continue;
                }
                if (!Files.exists(dir.resolve(FileStoreReader.META))) {
                    withoutMeta++;
                    try (var files = Files.walk(dir)) {
                        assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()))
                                .allMatch(n -> n.startsWith(".tmp-"));
                    }
                    continue;
                }
                statuses.add(RunMetaAssertions.assertComplete(dir));
                reader.metrics(exp, name); // parses every metric line
                try (var files = Files.walk(dir)) {
                    assertThat(files.filter(f -> f.getFileName().toString().startsWith(".tmp-")))
                            .as("temp files sit in the run folder itself, never under params, tags or metrics")
                            .allMatch(f -> f.getParent().equals(dir));
                }
            }
        }
        assertThat(withoutMeta).as("at most one run folder per kill lacks meta.yaml").isLessThanOrEqualTo(3);
        assertThat(statuses).as("runs of the three writers").hasSizeGreaterThan(3);
        assertThat(statuses.stream().filter(s -> s == RunStatus.RUNNING))
                .as("only the run each writer was in when killed stays RUNNING (no recovery of dead writers)")
                .hasSizeLessThanOrEqualTo(3);
        assertThat(statuses).allMatch(s -> s == RunStatus.RUNNING || s == RunStatus.FINISHED);
        assertThat(reader.runs(exp)).hasSize(statuses.size());
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

    /** The child's first line of output (it keeps running). */
    private static String firstLine(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the child's first line").isNotNull();
        return line.strip();
    }

    private static String stderr(Process p) throws IOException {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
