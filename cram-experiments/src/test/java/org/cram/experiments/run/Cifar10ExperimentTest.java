package org.cram.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
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

/** A config naming CIFAR-10 runs end to end on generated batch files (3 channels, per-channel crop fill). */
class Cifar10ExperimentTest {

    static void writeBatch(Path file, int records, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] bytes = new byte[records * 3073];
        for (int i = 0; i < records; i++) {
            int label = r.nextInt(10);
            bytes[i * 3073] = (byte) label;
            for (int j = 1; j < 3073; j++) {
                // the class shows as a brightness offset of the red plane, so the task is learnable
                int base = j <= 1024 ? label * 20 : 60;
                bytes[i * 3073 + j] = (byte) (base + r.nextInt(40));
            }
        }
        Files.write(file, bytes);
    }

    @Test
    void aCifarConfigTrainsSweepsAndNamesTheClasses(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("cifar");
        Files.createDirectories(data);
        for (int b = 1; b <= 5; b++) {
            writeBatch(data.resolve("data_batch_" + b + ".bin"), 40, b);
        }
        writeBatch(data.resolve("test_batch.bin"), 60, 9);
        Path store = dir.resolve("mlruns");
        CompressorRegistry registry = CompressorRegistry.standard();
        ConfigLoader loader = new ConfigLoader(registry.names());
        assertThatThrownBy(() -> loader.parse("""
                experiment: c
                data: {dataset: cifar10}
                models: [cnn-bn]
                training: {epochs: 1}
                optimizers: {sgd: {type: sgd, lr: 0.1}}
                """, "c.yaml", List.of())).hasMessageContaining("data.dir").hasMessageContaining("missing");
        ExperimentConfig config = loader.parse("""
                experiment: c
                data: {dataset: cifar10, dir: %s}
                models: [cnn-bn]
                training: {epochs: 2, batch_size: 32}
                optimizers: {sgd: {type: sgd, lr: 0.05, momentum: 0.9}}
                sweep: {sparsities: [0, 0.5], bn_retune: {calibration_size: 64, forward_passes: 4, batch_size: 16}}
                tracking: {store: %s}
                """.formatted(data, store), "c.yaml", List.of());
        Injector injector = Guice.createInjector(new CompressionModule(registry),
                new ExperimentModule(config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new RunOptions(Optional.empty(), List.of(), false, dir.resolve("ckpt"))),
                new TrackingModule(store));
        ResultTable table;
        try (RunTracker tracker = injector.getInstance(RunTracker.class)) {
            table = injector.getInstance(TrainSweepExperiment.class).run();
        }
        assertThat(table.rows()).hasSize(1);
        assertThat(table.rows().get(0).accuracies().get(0)).isGreaterThan(0.2); // chance is 0.1
        FileStoreReader reader = new FileStoreReader(store);
        String exp = reader.experimentByName("c").orElseThrow().experimentId();
        var train = reader.runs(exp).stream().filter(r -> r.runName().startsWith("train ")).findFirst().orElseThrow();
        assertThat(Files.readString(reader.runDir(exp, train.runId()).resolve("artifacts/confusion_matrix.csv")))
                .startsWith("true\\predicted,airplane,automobile,");
    }
}
