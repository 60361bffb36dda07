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
import org.cram.api.data.Dataset;
import org.cram.api.model.Model;
import org.cram.api.param.Parameter;
import org.cram.api.param.TensorSet;
import org.cram.api.track.RunStatus;
import org.cram.api.track.RunTracker;
import org.cram.compress.CompressorRegistry;
import org.cram.compress.GlobalMagnitudePruning;
import org.cram.experiments.config.ConfigLoader;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.sweep.OneShotSweep;
import org.cram.experiments.tracking.FileStoreReader;
import org.cram.experiments.train.Checkpoint;
import org.cram.experiments.train.Evaluator;
import org.cram.experiments.wiring.CompressionModule;
import org.cram.experiments.wiring.ExperimentModule;
import org.cram.experiments.wiring.TrackingModule;
import org.cram.optim.CramSpec;
import org.cram.models.nn.SingleNativeThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text experiment end to end from a config: a tiny random BERT on a generated CSV sentiment task, trained with
 * AdamW and CrAM+-Multi (AdamW base) on the linear schedule, swept one shot, fine-tuned sparse, all tracked.
 * One native thread: the tiny model's many small ops would otherwise wait on a second thread of a busy machine.
 */
@ExtendWith(SingleNativeThread.class)
class TextExperimentTest {
    private static final List<String> GOOD = List.of("good", "great", "excellent", "lovely", "tasty");
    private static final List<String> BAD = List.of("bad", "awful", "terrible", "poor", "stale");
    private static final List<String> FILLER = List.of("the", "coffee", "was", "really", "and", "box", "snack",
            "my", "kids", "think", "it", "is", "very");

    @Test
    void trainsSweepsAndFineTunesATinyBertFromACsvConfig(@TempDir Path dir) throws Exception {
        writeCsv(dir.resolve("train.csv"), 64, 1);
        writeCsv(dir.resolve("test.csv"), 32, 2);
        Path store = dir.resolve("mlruns");
        CompressorRegistry registry = CompressorRegistry.standard();
        ExperimentConfig config = new ConfigLoader(registry.names()).parse("""
                experiment: text-smoke
                seed: 3
                data: {dataset: csv, train_file: %s, test_file: %s, text_column: review, label_column: sentiment}
                models: [bert]
                bert: {max_length: 16, hidden_size: 16, layers: 2, heads: 2, intermediate_size: 32,
                       eval_batch_size: 8}
                training: {epochs: 2, batch_size: 16, schedule: linear, warmup_steps: 2}
                optimizers:
                  adamw: {type: adamw, lr: 0.003}
                  crampl: {type: cram-plus, base: adamw, lr: 0.003, rho: 0.05, sparsities: [0.5, 0.7]}
                sweep: {sparsities: [0, 0.5, 0.8]}
                finetune: {sparsities: [0.5], epochs: 1, lr: 0.01}
                tracking: {store: %s}
                """.formatted(dir.resolve("train.csv"), dir.resolve("test.csv"), store), "text.yaml", List.of());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path checkpoints = dir.resolve("checkpoints");
        Injector injector = Guice.createInjector(new CompressionModule(registry),
                new ExperimentModule(config, new PrintStream(console, true, StandardCharsets.UTF_8),
                        new RunOptions(Optional.empty(), List.of(), false, checkpoints)),
                new TrackingModule(store));
        ResultTable table;
        try (RunTracker tracker = injector.getInstance(RunTracker.class)) {
            table = injector.getInstance(TrainSweepExperiment.class).run();
        }

        assertThat(table.rows()).extracting(r -> r.model() + "/" + r.optimizer())
                .containsExactly("bert/adamw", "bert/crampl");
        assertThat(table.rows()).allSatisfy(r -> {
            assertThat(r.accuracies()).hasSize(3).allSatisfy(a -> assertThat(a).isBetween(0.0, 1.0));
            assertThat(r.retuned()).isFalse();
            assertThat(r.fineTuned()).hasSize(1);
        });

        FileStoreReader reader = new FileStoreReader(store);
        String expId = reader.experimentByName("text-smoke").orElseThrow().experimentId();
        List<FileStoreReader.RunInfo> runs = reader.runs(expId);
        // 2 training runs + 2 sweep parents + 6 points + 2 fine-tunings + the summary
        assertThat(runs).hasSize(13).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.FINISHED));

        FileStoreReader.RunInfo train = byName(runs, "train bert/crampl");
        Map<String, String> params = reader.params(expId, train.runId());
        // two layers of Q, K, V, attention-out (16x16) and FFN in/out (16x32): the encoder's linear weights only
        assertThat(params).containsEntry("model", "bert").containsEntry("data.dataset", "csv")
                .containsEntry("bert.max_length", "16").containsEntry("bert.pruning_scope", "encoder-linear")
                .containsEntry("optimizer.base", "adamw").containsEntry("training.schedule", "linear")
                .containsEntry("model.prunable_parameters", String.valueOf(2 * (4 * 16 * 16 + 2 * 16 * 32)));
        assertThat(reader.metric(expId, train.runId(), "test_accuracy")).hasSize(2);
        assertThat(reader.metric(expId, train.runId(), "step/realized_sparsity")).hasSize(2 * 4)
                .allSatisfy(p -> assertThat(p.value()).isGreaterThanOrEqualTo(0.5));
        assertThat(reader.metric(expId, train.runId(), "final_test_f1/pos")).hasSize(1);
        double trainedAccuracy = reader.metric(expId, train.runId(), "final_test_accuracy").get(0).value();

        FileStoreReader.RunInfo sweep = byName(runs, "sweep bert/crampl");
        assertThat(reader.params(expId, sweep.runId())).containsEntry("sweep.bn_retune", "false");
        List<FileStoreReader.MetricPoint> oneShot = reader.metric(expId, sweep.runId(), "one_shot_accuracy");
        assertThat(oneShot).extracting(FileStoreReader.MetricPoint::step).containsExactly(0L, 50L, 80L);
        // the 0% point is the trained model itself: the sweep starts from the dense weights
        assertThat(oneShot.get(0).value()).isEqualTo(trainedAccuracy);
        FileStoreReader.RunInfo point80 = byName(runs, "bert/crampl @ 80%");
        assertThat(reader.tags(expId, point80.runId())).containsEntry("mlflow.parentRunId", sweep.runId());
        assertThat(reader.metric(expId, point80.runId(), "sparsity_prunable").get(0).value())
                .isGreaterThanOrEqualTo(0.8);
        assertThat(reader.metrics(expId, point80.runId())).doesNotContainKey("test_accuracy_bn_retuned");
        assertThat(reader.metric(expId, byName(runs, "finetune bert/crampl @ 50%").runId(),
                "step/realized_sparsity")).hasSize(4).allSatisfy(p -> assertThat(p.value()).isGreaterThanOrEqualTo(0.5));
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("epoch 2/2 done")
                .doesNotContain("re-tuning");

        // the trained model from its checkpoint: a sweep leaves every dense weight bit-identical
        Model model = injector.getInstance(ModelFactory.class).build("bert", injector.getInstance(
                ExperimentData.class).train());
        assertThat(model.parameters().asList().stream().filter(Parameter::isPrunable).map(Parameter::name))
                .hasSize(12).allSatisfy(n -> assertThat(n).startsWith("encoder.layer.").endsWith(".weight"));
        Checkpoint.restoreModel(Checkpoint.latest(checkpoints.resolve("text-smoke/bert/crampl")).orElseThrow(), model);
        TensorSet before = TensorSet.zerosLike(model.parameters());
        before.copyFrom(model.parameters());
        Dataset test = injector.getInstance(ExperimentData.class).test();
        List<OneShotSweep.Point> points = OneShotSweep.run(model, new GlobalMagnitudePruning(),
                CramSpec.sparsityTargets(List.of(0.8)), test, 8, OneShotSweep.Retuning.none(), p -> { });
        assertThat(points.get(0).accuracy()).isEqualTo(
                reader.metric(expId, point80.runId(), "test_accuracy").get(0).value());
        for (int i = 0; i < model.parameters().size(); i++) {
            assertThat(model.parameters().get(i).value()).as(model.parameters().get(i).name())
                    .isEqualTo(before.get(i));
        }
        assertThat(Evaluator.evaluate(model, test, 8).accuracy()).isEqualTo(trainedAccuracy);
    }

    private static FileStoreReader.RunInfo byName(List<FileStoreReader.RunInfo> runs, String name) {
        return runs.stream().filter(r -> r.runName().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no run '" + name + "' in " + runs.stream()
                        .map(FileStoreReader.RunInfo::runName).toList()));
    }

    /** Reviews whose label follows from their sentiment words, with commas and quotes to exercise the CSV. */
    private static void writeCsv(Path file, int rows, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>(List.of("id,review,sentiment"));
        for (int i = 0; i < rows; i++) {
            boolean positive = i % 2 == 0;
            List<String> words = new ArrayList<>();
            for (int w = 0; w < 4 + random.nextInt(6); w++) {
                words.add(FILLER.get(random.nextInt(FILLER.size())));
            }
            List<String> cue = positive ? GOOD : BAD;
            words.add(random.nextInt(words.size() + 1), cue.get(random.nextInt(cue.size())));
            String text = String.join(" ", words);
            lines.add(i + ",\"" + text + ", \"\"really\"\"\"," + (positive ? "pos" : "neg"));
        }
        Files.write(file, lines);
    }
}
