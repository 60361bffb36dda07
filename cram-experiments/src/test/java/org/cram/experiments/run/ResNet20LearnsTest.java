package org.cram.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * ResNet-20, adapted to 28x28x1, trained with CrAM+-Multi on a slice of the real Fashion-MNIST for one epoch from a
 * config: it learns (test accuracy far above the 10% of chance), and the CrAM+ steps really compress (the tracked
 * realized sparsity of every step is at least the drawn target's).
 */
class ResNet20LearnsTest {

    @Test
    void cramPlusMultiTrainsAResNet20WellAboveChanceInOneEpoch(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("mlruns");
        CompressorRegistry registry = CompressorRegistry.standard();
        ExperimentConfig config = new ConfigLoader(registry.names()).parse("""
                experiment: resnet20-learns
                seed: 3
                data: {dataset: fashion-mnist, train_limit: 4096, test_limit: 1000}
                models: [resnet20]
                training: {epochs: 1, batch_size: 32, schedule: constant}
                optimizers:
                  cram-plus-multi: {type: cram-plus, lr: 0.02, momentum: 0.9, weight_decay: 0.0005, rho: 0.05,
                                    sparsities: [0.5, 0.7, 0.9]}
                sweep:
                  sparsities: [0.0]
                  bn_retune: {enabled: false}
                tracking: {store: %s}
                """.formatted(store), "resnet20.yaml", List.of());
        Injector injector = Guice.createInjector(new CompressionModule(registry),
                new ExperimentModule(config, new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8), new RunOptions(Optional.empty(), List.of(), false,
                        dir.resolve("checkpoints"))),
                new TrackingModule(store));
        ResultTable table;
        try (RunTracker tracker = injector.getInstance(RunTracker.class)) {
            table = injector.getInstance(TrainSweepExperiment.class).run();
        }

        assertThat(table.rows()).singleElement().satisfies(r -> {
            assertThat(r.model()).isEqualTo("resnet20");
            assertThat(r.accuracies().get(0)).as("dense test accuracy after one epoch").isGreaterThan(0.5);
        });
        FileStoreReader reader = new FileStoreReader(store);
        String expId = reader.experimentByName("resnet20-learns").orElseThrow().experimentId();
        FileStoreReader.RunInfo train = reader.runs(expId).stream()
                .filter(r -> r.runName().equals("train resnet20/cram-plus-multi")).findFirst().orElseThrow();
        List<FileStoreReader.MetricPoint> drawn = reader.metric(expId, train.runId(), "step/target_sparsity");
        List<FileStoreReader.MetricPoint> realized = reader.metric(expId, train.runId(), "step/realized_sparsity");
        assertThat(drawn).hasSize(128);
        assertThat(drawn).extracting(FileStoreReader.MetricPoint::value).contains(0.5, 0.7, 0.9);
        for (int i = 0; i < drawn.size(); i++) {
            assertThat(realized.get(i).value()).isGreaterThanOrEqualTo(drawn.get(i).value());
        }
    }
}
