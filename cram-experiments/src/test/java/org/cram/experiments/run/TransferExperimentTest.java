package org.cram.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Mask;
import org.cram.api.data.Dataset;
import org.cram.api.model.Model;
import org.cram.api.track.RunStatus;
import org.cram.api.track.RunTracker;
import org.cram.compress.CompressorRegistry;
import org.cram.compress.GlobalMagnitudePruning;
import org.cram.experiments.config.ConfigLoader;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.tracking.FileStoreReader;
import org.cram.experiments.train.Checkpoint;
import org.cram.experiments.wiring.CompressionModule;
import org.cram.experiments.wiring.ExperimentModule;
import org.cram.experiments.wiring.TrackingModule;
import org.cram.models.nn.SingleNativeThread;
import org.cram.optim.MaskedOptimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sparse transfer end to end: a tiny random BERT trained on a generated two-class CSV task, pruned one shot and
 * transferred to a generated three-class JSONL task with its masks fixed and a fresh head; fine-tuned with AdamW on
 * the way; then {@code cram transfer} alone on the checkpointed model.
 */
@ExtendWith(SingleNativeThread.class)
class TransferExperimentTest {
    private static final List<List<String>> CUES = List.of(List.of("good", "great", "tasty"),
            List.of("bad", "awful", "stale"), List.of("okay", "fine", "average"));
    private static final List<String> FILLER = List.of("the", "coffee", "was", "really", "and", "box", "snack");
    private static final String CONFIG = """
            experiment: transfer-smoke
            seed: 5
            data: {dataset: csv, train_file: %s, test_file: %s}
            models: [bert]
            bert: {max_length: 12, hidden_size: 16, layers: 1, heads: 2, intermediate_size: 32, eval_batch_size: 16,
                   pruning_scope: all-linear}
            training: {epochs: 1, batch_size: 16, schedule: linear, warmup_steps: 1}
            optimizers: {adamw: {type: adamw, lr: 0.003}}
            sweep: {sparsities: [0, 0.5]}
            finetune: {sparsities: [0.5], epochs: 1, optimizer: {type: adamw, lr: 0.001}}
            transfer:
              data: {dataset: jsonl, train_file: %s, test_file: %s, train_limit: 48}
              sparsities: [0.5, 0.7]
              epochs: 2
              optimizer: {type: adamw, lr: 0.003}
            tracking: {store: %s}
            """;

    @Test
    void transfersEachPrunedModelWithFixedMasksAndANewHeadAndTracksIt(@TempDir Path dir) throws Exception {
        writeCsv(dir.resolve("train.csv"), 48, 1);
        writeCsv(dir.resolve("test.csv"), 16, 2);
        writeJsonl(dir.resolve("train.jsonl"), 60, 3);
        writeJsonl(dir.resolve("test.jsonl"), 24, 4);
        Path store = dir.resolve("mlruns");
        ExperimentConfig config = new ConfigLoader(CompressorRegistry.standard().names()).parse(CONFIG.formatted(
                dir.resolve("train.csv"), dir.resolve("test.csv"), dir.resolve("train.jsonl"),
                dir.resolve("test.jsonl"), store), "transfer.yaml", List.of());
        Path checkpoints = dir.resolve("checkpoints");

        Injector injector = injector(config, checkpoints, RunOptions.Stage.TRAIN_AND_SWEEP);
        ResultTable table = run(injector);
        assertThat(table.rows()).hasSize(1);
        ResultTable.Row row = table.rows().get(0);
        assertThat(row.accuracies()).hasSize(2);
        assertThat(row.fineTuned()).hasSize(1);
        assertThat(row.transferred()).hasSize(2).allSatisfy(a -> assertThat(a).isBetween(0.0, 1.0));
        assertThat(table.toMarkdown()).contains("| 0% | 50% | 50% + FT | 50% + transfer | 70% + transfer |");
        assertThat(table.toCsv()).startsWith("model,optimizer,bn_retuned,\"0%\",\"50%\",\"50% + FT\","
                + "\"50% + transfer\",\"70% + transfer\"\n");

        FileStoreReader reader = new FileStoreReader(store);
        String expId = reader.experimentByName("transfer-smoke").orElseThrow().experimentId();
        List<FileStoreReader.RunInfo> runs = reader.runs(expId);
        // train + sweep parent + 2 points + 1 fine-tuning + 2 transfers + summary
        assertThat(runs).hasSize(8).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.FINISHED));
        assertThat(reader.params(expId, byName(runs, "finetune bert/adamw @ 50%").runId()))
                .containsEntry("finetune.optimizer.type", "adamw").containsEntry("finetune.optimizer.lr", "0.001");

        FileStoreReader.RunInfo transfer = byName(runs, "transfer bert/adamw @ 50% to jsonl");
        Map<String, String> params = reader.params(expId, transfer.runId());
        assertThat(params).containsEntry("transfer.head", "replaced").containsEntry("transfer.classes", "3")
                .containsEntry("transfer.from", "bert/adamw").containsEntry("transfer.sparsity", "0.5")
                .containsEntry("transfer.optimizer.type", "adamw").containsEntry("transfer.epochs", "2")
                .containsEntry("transfer.data.dataset", "jsonl").containsEntry("transfer.data.train_limit", "48")
                .containsEntry("transfer.compressor", "global-magnitude")
                .containsEntry("transfer.head_parameters", "classifier.weight,classifier.bias");
        assertThat(reader.tags(expId, transfer.runId())).containsEntry("kind", "transfer");
        assertThat(reader.metric(expId, transfer.runId(), "test_accuracy")).hasSize(2);
        assertThat(reader.metric(expId, transfer.runId(), "final_test_accuracy").get(0).value())
                .isEqualTo(row.transferred().get(0));
        assertThat(reader.metric(expId, transfer.runId(), "sparsity_prunable").get(0).value())
                .isGreaterThanOrEqualTo(0.5);

        // the transferred model from its artifact: a 3-class head, and the source's one-shot mask held exactly
        Dataset taskTrain = injector.getInstance(ExperimentData.class).forTask(config.transfer().orElseThrow()
                .data()).train();
        ModelFactory models = injector.getInstance(ModelFactory.class);
        Model student = models.build("bert", taskTrain);
        MaskedOptimizer optimizer = new MaskedOptimizer(injector.getInstance(OptimizerFactory.class)
                .create(config.transfer().orElseThrow().tuning().optimizer(), 5).create(student.parameters()),
                student.parameters(), Mask.none());
        Checkpoint.restore(reader.runDir(expId, transfer.runId()).resolve("artifacts/checkpoint"), student,
                optimizer);
        int head = student.parameters().names().indexOf("classifier.weight");
        assertThat(student.parameters().get(head).value().shape()).contains(3L);
        assertThat(student.parameters().get(head).isPrunable()).isTrue();
        Mask fixed = optimizer.mask();
        assertThat(fixed.covers(head)).isFalse();
        assertThat(fixed.zeroCount()).isPositive();
        fixed.entries().forEach((i, m) -> {
            INDArray w = student.parameters().get(i).value();
            // pruned weights are exactly zero after two epochs of AdamW with weight decay
            assertThat(w.mul(m.rsub(1)).amaxNumber().doubleValue()).as(student.parameters().get(i).name())
                    .isZero();
        });
        Model source = models.build("bert", injector.getInstance(ExperimentData.class).train());
        Checkpoint.restoreModel(Checkpoint.latest(checkpoints.resolve("transfer-smoke/bert/adamw")).orElseThrow(),
                source);
        Mask oneShot = new GlobalMagnitudePruning().compress(source.parameters(), CompressionTarget.sparsity(0.5));
        assertThat(oneShot.covers(head)).isTrue();
        assertThat(fixed.entries().keySet()).isEqualTo(
                oneShot.entries().keySet().stream().filter(i -> i != head).collect(java.util.stream.Collectors.toSet()));
        fixed.entries().forEach((i, m) -> assertThat(m).isEqualTo(oneShot.entries().get(i)));
        // the kept weights trained on the new task
        int query = student.parameters().names().indexOf("encoder.layer.0.attention.self.query.weight");
        assertThat(student.parameters().get(query).value()).isNotEqualTo(source.parameters().get(query).value());

        // `cram transfer` alone: the same trained model from its checkpoint, the same transfer, bit for bit
        ResultTable alone = run(injector(config, checkpoints, RunOptions.Stage.TRANSFER));
        assertThat(alone.columns()).isEmpty();
        assertThat(alone.extraColumnLabels()).containsExactly("50% + transfer", "70% + transfer");
        assertThat(alone.rows().get(0).denseAccuracy()).isEqualTo(row.denseAccuracy());
        assertThat(alone.rows().get(0).transferred()).isEqualTo(row.transferred());
        assertThat(reader.runs(expId).stream().filter(r -> r.runName().startsWith("transfer "))).hasSize(4);
    }

    private static Injector injector(ExperimentConfig config, Path checkpoints, RunOptions.Stage stage) {
        CompressorRegistry registry = CompressorRegistry.standard();
        return Guice.createInjector(new CompressionModule(registry),
                new ExperimentModule(config, new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8), new RunOptions(Optional.empty(), List.of(), false, checkpoints, stage)),
                new TrackingModule(config.tracking().store()));
    }

    private static ResultTable run(Injector injector) {
        try (RunTracker tracker = injector.getInstance(RunTracker.class)) {
            return injector.getInstance(TrainSweepExperiment.class).run();
        }
    }

    private static FileStoreReader.RunInfo byName(List<FileStoreReader.RunInfo> runs, String name) {
        return runs.stream().filter(r -> r.runName().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no run '" + name + "' in " + runs.stream()
                        .map(FileStoreReader.RunInfo::runName).toList()));
    }

    private static String sentence(SplittableRandom random, int label) {
        List<String> words = new ArrayList<>();
        for (int w = 0; w < 3 + random.nextInt(4); w++) {
            words.add(FILLER.get(random.nextInt(FILLER.size())));
        }
        List<String> cue = CUES.get(label);
        words.add(random.nextInt(words.size() + 1), cue.get(random.nextInt(cue.size())));
        return String.join(" ", words);
    }

    /** Two classes (pos, neg) in columns text and label. */
    private static void writeCsv(Path file, int rows, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>(List.of("text,label"));
        for (int i = 0; i < rows; i++) {
            lines.add(sentence(random, i % 2) + "," + (i % 2 == 0 ? "pos" : "neg"));
        }
        Files.write(file, lines);
    }

    /** Three classes (pos, neg, mixed) as JSON lines. */
    private static void writeJsonl(Path file, int rows, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            lines.add("{\"text\": \"" + sentence(random, i % 3) + "\", \"label\": \""
                    + List.of("pos", "neg", "mixed").get(i % 3) + "\"}");
        }
        Files.write(file, lines);
    }
}
