package org.cram.experiments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CramMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return CramMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void malformedConfigFailsBeforeAnyTrainingWithExitCodeTwo(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("mlruns");
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, """
                experiment: bad
                data: {dataset: fashion-mnist}
                models: [lenet-300-100]
                training: {epochs: 1}
                optimizers:
                  x: {type: cram-plus, lr: 0.1, sparsity: 1.5}
                tracking: {store: %s}
                """.formatted(store));
        assertThat(run("run", config.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("optimizers.x.sparsity").contains("1.5");
        assertThat(store).doesNotExist(); // nothing was tracked, so nothing ran
    }

    @Test
    void anUnreachableTrackingServerFailsBeforeTrainingNamingTheUri(@TempDir Path dir) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Path config = dir.resolve("ok.yaml");
        Files.writeString(config, """
                experiment: unreachable
                data: {dataset: fashion-mnist, train_limit: 64, test_limit: 64}
                models: [lenet-300-100]
                training: {epochs: 1}
                optimizers:
                  sgd: {type: sgd, lr: 0.1}
                """);
        long start = System.nanoTime();
        int code = run("run", config.toString(), "--tracking-uri", "http://127.0.0.1:" + port, "--checkpoints",
                dir.resolve("ckpt").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("http://127.0.0.1:" + port);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Training");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(60);
    }

    @Test
    void aBadCompressorOptionFailsBeforeTrainingNamingTheOption(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("mlruns");
        Path config = dir.resolve("opts.yaml");
        Files.writeString(config, """
                experiment: opts
                data: {dataset: fashion-mnist, train_limit: 64, test_limit: 64}
                models: [lenet-300-100]
                training: {epochs: 1}
                optimizers:
                  sgd: {type: sgd, lr: 0.1}
                sweep:
                  grid:
                    - {compressor: uniform-magnitude, options: {exlude: [fc3.weight]}, sparsities: [0.5]}
                tracking: {store: %s}
                """.formatted(store));
        assertThat(run("run", config.toString(), "--checkpoints", dir.resolve("ckpt").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("sweep entry 0").contains("exlude");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Training");
    }

    @Test
    void transferNeedsATransferSectionAndSaysSoBeforeLoadingAnyModel(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("no-transfer.yaml");
        Files.writeString(config, """
                experiment: no-transfer
                data: {dataset: fashion-mnist, train_limit: 64, test_limit: 64}
                models: [lenet-300-100]
                training: {epochs: 1}
                optimizers:
                  sgd: {type: sgd, lr: 0.1}
                tracking: {store: %s}
                """.formatted(dir.resolve("mlruns")));
        assertThat(run("transfer", config.toString(), "--checkpoints", dir.resolve("ckpt").toString()))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("`cram transfer` needs a 'transfer' section");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Loaded");
    }

    @Test
    void helpPrintsUsageAndUnknownCommandsFail() {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("cram run CONFIG.yaml").contains("mlflow ui")
                .contains("cram transfer CONFIG.yaml");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'frobnicate'");
    }

    @Test
    void mlflowSyncNeedsAStoreAndAUri() {
        assertThat(run("mlflow", "sync")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cram mlflow sync STORE URI");
    }

    @Test
    void listsTheRegisteredCompressors() {
        assertThat(run("compressors")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("global-magnitude");
    }

    @Test
    void mlflowRepairEndsTheRunsOfDeadWritersAndSaysWhich(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("mlruns");
        org.cram.experiments.tracking.WriterProcess dead =
                org.cram.experiments.tracking.AbandonedRunsTest.deadProcess();
        try (org.cram.experiments.tracking.FileStoreTracker tracker =
                     org.cram.experiments.tracking.FileStoreTracker.open(store)) {
            org.cram.experiments.tracking.FileStoreRun run =
                    tracker.startRun("e", "abandoned", java.util.Optional.empty());
            Files.writeString(run.runDir().resolve("tags").resolve("cram.writer"), dead.id());

            assertThat(run("mlflow", "repair", store.toString())).isZero();

            assertThat(out.toString(StandardCharsets.UTF_8)).contains("(abandoned): writer " + dead.id() + " is gone")
                    .contains("1 abandoned run(s) ended");
        }
        assertThat(run("mlflow", "repair", dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'" + dir.resolve("missing") + "' is not a folder");
    }
}
