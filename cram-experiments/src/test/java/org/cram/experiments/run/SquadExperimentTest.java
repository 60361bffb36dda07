package org.cram.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cram.api.data.Dataset;
import org.cram.api.model.Model;
import org.cram.api.param.TensorSet;
import org.cram.api.track.RunStatus;
import org.cram.api.track.RunTracker;
import org.cram.compress.CompressorRegistry;
import org.cram.compress.GlobalMagnitudePruning;
import org.cram.experiments.config.ConfigLoader;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.sweep.OneShotSweep;
import org.cram.experiments.text.SquadFixtures;
import org.cram.experiments.train.Checkpoint;
import org.cram.experiments.train.TestMetric;
import org.cram.experiments.tracking.FileStoreReader;
import org.cram.experiments.wiring.CompressionModule;
import org.cram.experiments.wiring.ExperimentModule;
import org.cram.experiments.wiring.TrackingModule;
import org.cram.models.bert.BertForQuestionAnswering;
import org.cram.models.nn.SingleNativeThread;
import org.cram.optim.CramSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQuAD span question answering end to end from a config: a tiny random BERT with a span head on generated SQuAD
 * v1.1 files, trained with AdamW and CrAM+-Multi (AdamW base) on the linear schedule, swept one shot at 0 and 50%,
 * fine-tuned sparse; every run tracked with SQuAD F1 and exact match instead of accuracy.
 */
@ExtendWith(SingleNativeThread.class)
class SquadExperimentTest {

    @Test
    void trainsSweepsAndFineTunesATinySpanModelScoredByF1AndExactMatch(@TempDir Path dir) throws Exception {
        Path train = SquadFixtures.write(dir.resolve("train.json"), 8, 11, "t");
        Path dev = SquadFixtures.write(dir.resolve("dev.json"), 4, 12, "d");
        Path store = dir.resolve("mlruns");
        CompressorRegistry registry = CompressorRegistry.standard();
        ExperimentConfig config = new ConfigLoader(registry.names()).parse("""
                experiment: squad-smoke
                seed: 5
                data: {dataset: squad, train_file: %s, test_file: %s, max_answer_length: 8}
                models: [bert]
                bert: {max_length: 40, hidden_size: 16, layers: 1, heads: 2, intermediate_size: 32,
                       eval_batch_size: 6}
                training: {epochs: 1, batch_size: 8, schedule: linear, warmup_steps: 1}
                optimizers:
                  adamw: {type: adamw, lr: 0.003}
                  crampl: {type: cram-plus, base: adamw, lr: 0.003, rho: 0.05, sparsities: [0.5, 0.7]}
                sweep: {sparsities: [0, 0.5]}
                finetune: {sparsities: [0.5], epochs: 1, optimizer: {type: adamw, lr: 0.003}}
                tracking: {store: %s}
                """.formatted(train, dev, store), "squad.yaml", List.of());
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
            assertThat(r.accuracies()).hasSize(2).allSatisfy(f1 -> assertThat(f1).isBetween(0.0, 1.0));
            assertThat(r.fineTuned()).hasSize(1);
        });

        FileStoreReader reader = new FileStoreReader(store);
        String expId = reader.experimentByName("squad-smoke").orElseThrow().experimentId();
        List<FileStoreReader.RunInfo> runs = reader.runs(expId);
        // 2 training runs + 2 sweep parents + 4 points + 2 fine-tunings + the summary
        assertThat(runs).hasSize(11).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.FINISHED));

        FileStoreReader.RunInfo trained = byName(runs, "train bert/crampl");
        assertThat(reader.params(expId, trained.runId())).containsEntry("data.dataset", "squad")
                .containsEntry("data.max_answer_length", "8").containsEntry("optimizer.base", "adamw")
                .containsEntry("training.schedule", "linear");
        Map<String, ?> trainedMetrics = reader.metrics(expId, trained.runId());
        assertThat(trainedMetrics).containsKeys("test_f1", "test_exact_match", "test_loss", "final_test_f1",
                "final_test_exact_match").doesNotContainKeys("test_accuracy", "final_test_accuracy");
        // 24 questions in batches of 8: 3 CrAM+ steps, each compressed to at least its drawn target
        assertThat(reader.metric(expId, trained.runId(), "step/realized_sparsity")).hasSize(3)
                .allSatisfy(p -> assertThat(p.value()).isGreaterThanOrEqualTo(0.5));
        double f1 = reader.metric(expId, trained.runId(), "final_test_f1").get(0).value();
        double em = reader.metric(expId, trained.runId(), "final_test_exact_match").get(0).value();
        assertThat(f1).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(em);
        assertThat(em).isBetween(0.0, 1.0);

        FileStoreReader.RunInfo sweep = byName(runs, "sweep bert/crampl");
        List<FileStoreReader.MetricPoint> oneShotF1 = reader.metric(expId, sweep.runId(), "one_shot_f1");
        assertThat(oneShotF1).extracting(FileStoreReader.MetricPoint::step).containsExactly(0L, 50L);
        assertThat(oneShotF1).allSatisfy(p -> assertThat(p.value()).isBetween(0.0, 1.0));
        // the 0% point is the trained model itself
        assertThat(oneShotF1.get(0).value()).isEqualTo(f1);
        assertThat(reader.metric(expId, sweep.runId(), "one_shot_exact_match")).extracting(
                FileStoreReader.MetricPoint::step).containsExactly(0L, 50L);
        assertThat(reader.metric(expId, sweep.runId(), "one_shot_exact_match").get(0).value()).isEqualTo(em);
        assertThat(reader.metrics(expId, sweep.runId())).doesNotContainKey("one_shot_accuracy");
        FileStoreReader.RunInfo point50 = byName(runs, "bert/crampl @ 50%");
        assertThat(reader.metrics(expId, point50.runId())).containsKeys("test_f1", "test_exact_match")
                .doesNotContainKey("test_accuracy");
        assertThat(reader.metric(expId, point50.runId(), "sparsity_prunable").get(0).value())
                .isGreaterThanOrEqualTo(0.5);
        FileStoreReader.RunInfo finetuned = byName(runs, "finetune bert/crampl @ 50%");
        assertThat(reader.metrics(expId, finetuned.runId())).containsKeys("final_test_f1", "final_test_exact_match");
        assertThat(table.rows().get(1).fineTuned().get(0)).isEqualTo(
                reader.metric(expId, finetuned.runId(), "final_test_f1").get(0).value());
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("f1").doesNotContain("re-tuning");

        // the trained model from its checkpoint: a sweep leaves every dense weight bit-identical
        Model model = injector.getInstance(ModelFactory.class).build("bert",
                injector.getInstance(ExperimentData.class).train());
        assertThat(model).isInstanceOf(BertForQuestionAnswering.class);
        Checkpoint.restoreModel(Checkpoint.latest(checkpoints.resolve("squad-smoke/bert/crampl")).orElseThrow(),
                model);
        TensorSet before = TensorSet.zerosLike(model.parameters());
        before.copyFrom(model.parameters());
        ExperimentData data = injector.getInstance(ExperimentData.class);
        TestMetric metric = data.testMetric();
        Dataset test = data.test();
        List<OneShotSweep.Point> points = OneShotSweep.run(model, new GlobalMagnitudePruning(),
                CramSpec.sparsityTargets(List.of(0.5)), test, metric, 6, OneShotSweep.Retuning.none(), p -> { });
        assertThat(points.get(0).accuracy()).isEqualTo(reader.metric(expId, point50.runId(), "test_f1").get(0)
                .value());
        for (int i = 0; i < model.parameters().size(); i++) {
            assertThat(model.parameters().get(i).value()).as(model.parameters().get(i).name())
                    .isEqualTo(before.get(i));
        }
        assertThat(metric.evaluate(model, test, 6).value()).isEqualTo(f1);
    }

    private static FileStoreReader.RunInfo byName(List<FileStoreReader.RunInfo> runs, String name) {
        return runs.stream().filter(r -> r.runName().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no run '" + name + "' in " + runs.stream()
                        .map(FileStoreReader.RunInfo::runName).toList()));
    }
}
