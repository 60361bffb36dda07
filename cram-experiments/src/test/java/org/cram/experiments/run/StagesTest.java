package org.cram.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

/** `cram sweep` and `cram finetune` work on the models `cram run` trained, from their checkpoints. */
class StagesTest {

    private static ResultTable run(ExperimentConfig config, Path dir, RunOptions.Stage stage) {
        CompressorRegistry registry = CompressorRegistry.standard();
        Injector injector = Guice.createInjector(new CompressionModule(registry),
                new ExperimentModule(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new RunOptions(Optional.empty(), List.of(), false, dir.resolve("ckpt"), stage)),
                new TrackingModule(config.tracking().store()));
        try (RunTracker tracker = injector.getInstance(RunTracker.class)) {
            return injector.getInstance(TrainSweepExperiment.class).run();
        }
    }

    private static ExperimentConfig config(Path dir, String sweep) {
        return new ConfigLoader(CompressorRegistry.standard().names()).parse("""
                experiment: stages
                seed: 3
                data: {dataset: fashion-mnist, train_limit: 500, test_limit: 200}
                models: [lenet-300-100]
                training: {epochs: 1, batch_size: 50}
                optimizers: {sgd: {type: sgd, lr: 0.05, momentum: 0.9}}
                sweep: %s
                finetune: {sparsities: [0.9], epochs: 1, lr: 0.01}
                tracking: {store: %s}
                """.formatted(sweep, dir.resolve("mlruns")), "stages.yaml", List.of());
    }

    @Test
    void sweepAndFinetuneReuseTheTrainedModelWithoutTraining(@TempDir Path dir) {
        assertThatThrownBy(() -> run(config(dir, "{sparsities: [0.5]}"), dir, RunOptions.Stage.SWEEP))
                .hasMessageContaining("no checkpoint of lenet-300-100/sgd").hasMessageContaining("cram run");

        ResultTable trained = run(config(dir, "{sparsities: [0, 0.5]}"), dir, RunOptions.Stage.TRAIN_AND_SWEEP);
        ResultTable swept = run(config(dir, "{grid: [{sparsities: [0, 0.8]}, {nm: ['2:4']}]}"), dir,
                RunOptions.Stage.SWEEP);
        // the same trained weights: dense accuracy and the 0% point agree exactly
        assertThat(swept.rows().get(0).denseAccuracy()).isEqualTo(trained.rows().get(0).denseAccuracy());
        assertThat(swept.rows().get(0).accuracies().get(0)).isEqualTo(trained.rows().get(0).accuracies().get(0));
        assertThat(swept.columns()).extracting(ResultTable.Column::label)
                .containsExactly("global-magnitude 0%", "global-magnitude 80%", "n-of-m 2:4");

        ResultTable tuned = run(config(dir, "{sparsities: [0.5]}"), dir, RunOptions.Stage.FINETUNE);
        assertThat(tuned.rows().get(0).fineTuned()).hasSize(1);

        FileStoreReader reader = new FileStoreReader(dir.resolve("mlruns"));
        String exp = reader.experimentByName("stages").orElseThrow().experimentId();
        List<String> names = reader.runs(exp).stream().map(FileStoreReader.RunInfo::runName).toList();
        assertThat(names.stream().filter(n -> n.startsWith("train "))).hasSize(1);
        assertThat(names.stream().filter(n -> n.startsWith("sweep "))).hasSize(2);
        // run fine-tuned once (with the training run) and once on its own
        assertThat(names.stream().filter(n -> n.startsWith("finetune "))).hasSize(2);
    }
}
