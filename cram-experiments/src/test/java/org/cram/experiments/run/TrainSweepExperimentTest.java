package org.cram.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cram.api.track.RunStatus;
import org.cram.api.track.RunTracker;
import org.cram.compress.CompressorRegistry;
import org.cram.experiments.config.ConfigLoader;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.tracking.FileStoreReader;
import org.cram.experiments.wiring.CompressionModule;
import org.cram.experiments.wiring.ExperimentModule;
import org.cram.experiments.wiring.TrackingModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart pipeline on a small slice of the real Fashion-MNIST, tracked into a temporary store. */
class TrainSweepExperimentTest {

    @Test
    void trainsEveryArmSweepsAsNestedRunsAndReturnsTheTable(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("mlruns");
        CompressorRegistry registry = CompressorRegistry.standard();
        ExperimentConfig config = new ConfigLoader(registry.names()).parse("""
                experiment: smoke
                seed: 1
                data: {dataset: fashion-mnist, train_limit: 1024, test_limit: 300}
                models: [lenet-300-100, cnn-bn]
                training: {epochs: 2, batch_size: 64}
                optimizers:
                  sgd: {type: sgd, lr: 0.05, momentum: 0.9}
                  cram: {type: cram-plus, lr: 0.05, momentum: 0.9, sparsity: 0.8}
                sweep:
                  sparsities: [0, 0.9]
                  bn_retune: {calibration_size: 100, forward_passes: 5, batch_size: 32}
                tracking: {store: %s}
                """.formatted(store), "smoke.yaml", List.of());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Injector injector = Guice.createInjector(new CompressionModule(registry),
                new ExperimentModule(config, new PrintStream(console, true, StandardCharsets.UTF_8),
                        new RunOptions(java.util.Optional.empty(), List.of("training.epochs=2"), false,
                                dir.resolve("checkpoints"))),
                new TrackingModule(store));
        ResultTable table;
        try (RunTracker tracker = injector.getInstance(RunTracker.class)) {
            table = injector.getInstance(TrainSweepExperiment.class).run();
        }

        assertThat(table.rows()).extracting(r -> r.model() + "/" + r.optimizer())
                .containsExactly("lenet-300-100/sgd", "lenet-300-100/cram", "cnn-bn/sgd", "cnn-bn/cram");
        assertThat(table.rows()).allSatisfy(r -> {
            assertThat(r.accuracies()).hasSize(2).allSatisfy(a -> assertThat(a).isBetween(0.0, 1.0));
            assertThat(r.retuned()).isEqualTo(r.model().equals("cnn-bn"));
        });
        // trained on 1024 images for 2 epochs: well above the 10% of chance on the dense model
        assertThat(table.rows()).allSatisfy(r -> assertThat(r.accuracies().get(0)).isGreaterThan(0.25));

        FileStoreReader reader = new FileStoreReader(store);
        String expId = reader.experimentByName("smoke").orElseThrow().experimentId();
        List<FileStoreReader.RunInfo> runs = reader.runs(expId);
        // 4 training runs + 4 sweep parents + 8 points + the summary
        assertThat(runs).hasSize(17).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.FINISHED));
        List<FileStoreReader.RunInfo> parents = runs.stream().filter(r -> r.runName().startsWith("sweep ")).toList();
        assertThat(parents).hasSize(4);
        for (FileStoreReader.RunInfo parent : parents) {
            long children = runs.stream().filter(r -> parent.runId().equals(
                    reader.tags(expId, r.runId()).get("mlflow.parentRunId"))).count();
            assertThat(children).isEqualTo(2);
            assertThat(reader.metric(expId, parent.runId(), "one_shot_accuracy")).extracting(p -> p.step())
                    .containsExactly(0L, 90L);
            assertThat(reader.runDir(expId, parent.runId()).resolve("artifacts/sweep.csv")).exists();
        }
        FileStoreReader.RunInfo train = runs.stream().filter(r -> r.runName().equals("train cnn-bn/cram"))
                .findFirst().orElseThrow();
        Map<String, String> params = reader.params(expId, train.runId());
        assertThat(params).containsEntry("optimizer.type", "cram-plus").containsEntry("model", "cnn-bn")
                .containsEntry("optimizer.targets", "[sparsity=0.8000]").containsEntry("seed", "1");
        Map<String, String> tags = reader.tags(expId, train.runId());
        assertThat(tags).containsKeys("mlflow.source.git.commit", "nd4j.version", "java.version", "host", "cpu",
                "mlflow.note.content");
        assertThat(reader.metric(expId, train.runId(), "test_accuracy")).hasSize(2);
        assertThat(params).containsEntry("overrides", "training.epochs=2");
        assertThat(reader.metric(expId, train.runId(), "final_test_f1/Ankle boot")).hasSize(1);
        assertThat(reader.metric(expId, train.runId(), "final_test_accuracy").get(0).value())
                .isEqualTo(reader.metric(expId, train.runId(), "test_accuracy").get(1).value());
        assertThat(Files.readString(reader.runDir(expId, train.runId()).resolve("artifacts/confusion_matrix.csv")))
                .startsWith("true\\predicted,T-shirt/top,Trouser,");
        Path artifacts = reader.runDir(expId, train.runId()).resolve("artifacts/checkpoint");
        assertThat(artifacts.resolve("model.bin")).exists();
        assertThat(artifacts.resolve("optimizer.bin")).exists();
        assertThat(dir.resolve("checkpoints/smoke/cnn-bn/cram/epoch-0002")).isDirectory();
        assertThat(reader.metric(expId, train.runId(), "step/realized_sparsity")).hasSize(2 * 16)
                .allSatisfy(p -> assertThat(p.value()).isGreaterThanOrEqualTo(0.8));
        assertThat(Files.readString(reader.runDir(expId, parents.get(0).runId()).resolve("artifacts/sweep.md")))
                .contains("| model | optimizer |");
        FileStoreReader.RunInfo summary = runs.stream().filter(r -> r.runName().equals("summary")).findFirst()
                .orElseThrow();
        Path summaryArtifacts = reader.runDir(expId, summary.runId()).resolve("artifacts");
        for (String png : List.of("accuracy_vs_sparsity.png", "training_curves.png")) {
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(summaryArtifacts.resolve(png)), 8);
            assertThat(head).as(png).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(summaryArtifacts.resolve(png).toFile());
            assertThat(img.getWidth()).isEqualTo(900);
        }
        assertThat(Files.readString(summaryArtifacts.resolve("results.csv"))).contains("cnn-bn,cram,true");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("epoch 2/2 done").contains("after BN re-tuning");
    }

    @Test
    void sparseFineTuningKeepsTheMaskAndAddsColumns(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("mlruns");
        CompressorRegistry registry = CompressorRegistry.standard();
        ExperimentConfig config = new ConfigLoader(registry.names()).parse("""
                experiment: ft
                seed: 2
                data: {dataset: fashion-mnist, train_limit: 600, test_limit: 300}
                models: [lenet-300-100]
                training: {epochs: 1, batch_size: 64}
                optimizers:
                  sgd: {type: sgd, lr: 0.05, momentum: 0.9}
                sweep: {sparsities: [0, 0.9]}
                finetune: {sparsities: [0.9, 0.95], epochs: 1, lr: 0.01}
                tracking: {store: %s}
                """.formatted(store), "ft.yaml", List.of());
        Injector injector = Guice.createInjector(new CompressionModule(registry),
                new ExperimentModule(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new RunOptions(java.util.Optional.empty(), List.of(), false, dir.resolve("ckpt"))),
                new TrackingModule(store));
        ResultTable table;
        try (RunTracker tracker = injector.getInstance(RunTracker.class)) {
            table = injector.getInstance(TrainSweepExperiment.class).run();
        }
        ResultTable.Row row = table.rows().get(0);
        assertThat(row.fineTuned()).hasSize(2).allSatisfy(a -> assertThat(a).isBetween(0.3, 1.0));
        assertThat(table.toMarkdown()).contains("| 90% + FT | 95% + FT |");
        FileStoreReader reader = new FileStoreReader(store);
        String expId = reader.experimentByName("ft").orElseThrow().experimentId();
        List<FileStoreReader.RunInfo> ft = reader.runs(expId).stream()
                .filter(r -> r.runName().startsWith("finetune ")).toList();
        assertThat(ft).extracting(FileStoreReader.RunInfo::runName)
                .containsExactlyInAnyOrder("finetune lenet-300-100/sgd @ 90%", "finetune lenet-300-100/sgd @ 95%");
        for (FileStoreReader.RunInfo r : ft) {
            double target = Double.parseDouble(reader.params(expId, r.runId()).get("finetune.sparsity"));
            assertThat(reader.metric(expId, r.runId(), "step/realized_sparsity")).hasSize(10) // 600 / 64 steps
                    .allSatisfy(p -> assertThat(p.value()).isGreaterThanOrEqualTo(target));
        }
    }

    @Test
    void aGmpArmEndsAtItsFinalSparsity(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("mlruns");
        CompressorRegistry registry = CompressorRegistry.standard();
        ExperimentConfig config = new ConfigLoader(registry.names()).parse("""
                experiment: gmp
                seed: 3
                data: {dataset: fashion-mnist, train_limit: 600, test_limit: 100}
                models: [lenet-300-100]
                training: {epochs: 1, batch_size: 64}
                optimizers:
                  gmp: {type: gmp, lr: 0.05, momentum: 0.9, sparsity: 0.9, end_fraction: 0.8, prune_every: 3}
                sweep: {sparsities: [0]}
                tracking: {store: %s}
                """.formatted(store), "gmp.yaml", List.of());
        Injector injector = Guice.createInjector(new CompressionModule(registry),
                new ExperimentModule(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new RunOptions(java.util.Optional.empty(), List.of(), false, dir.resolve("ckpt"))),
                new TrackingModule(store));
        try (RunTracker tracker = injector.getInstance(RunTracker.class)) {
            injector.getInstance(TrainSweepExperiment.class).run();
        }
        // 600 / 64 -> 10 steps; the window [0, 8] prunes at steps 3, 6 and 8 (step 0 is at sparsity 0)
        FileStoreReader reader = new FileStoreReader(store);
        String expId = reader.experimentByName("gmp").orElseThrow().experimentId();
        FileStoreReader.RunInfo train = reader.runs(expId).stream()
                .filter(r -> r.runName().equals("train lenet-300-100/gmp")).findFirst().orElseThrow();
        assertThat(reader.params(expId, train.runId())).containsEntry("optimizer.type", "gmp")
                .containsEntry("optimizer.final_sparsity", "0.9").containsEntry("optimizer.end_fraction", "0.8");
        List<Double> targets = reader.metric(expId, train.runId(), "step/target_sparsity").stream()
                .map(p -> p.value()).toList();
        assertThat(targets).hasSize(10);
        assertThat(targets.subList(0, 2)).containsOnly(0.0);
        assertThat(targets.subList(7, 10)).containsOnly(0.9);

        org.cram.api.model.Model model = injector.getInstance(ModelFactory.class).build("lenet-300-100",
                injector.getInstance(ExperimentData.class).train());
        org.cram.experiments.train.Checkpoint.restoreModel(org.cram.experiments.train.Checkpoint.latest(
                dir.resolve("ckpt/gmp/lenet-300-100/gmp")).orElseThrow(), model);
        long prunable = 0;
        long zeros = 0;
        for (org.cram.api.param.Parameter p : model.parameters()) {
            if (p.isPrunable()) {
                for (double v : p.value().dup().data().asDouble()) {
                    prunable++;
                    zeros += v == 0.0 ? 1 : 0;
                }
            }
        }
        assertThat(prunable).isEqualTo(model.parameters().prunableNumel());
        assertThat(Math.abs(zeros - 0.9 * prunable)).as("%d of %d prunable weights are zero", zeros, prunable)
                .isLessThanOrEqualTo(1.0);
    }
}
