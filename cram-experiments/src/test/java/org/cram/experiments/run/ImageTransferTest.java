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
import java.util.Map;
import java.util.Optional;
import org.cram.api.track.RunTracker;
import org.cram.compress.CompressorRegistry;
import org.cram.experiments.config.ConfigException;
import org.cram.experiments.config.ConfigLoader;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.tracking.FileStoreReader;
import org.cram.experiments.wiring.CompressionModule;
import org.cram.experiments.wiring.ExperimentModule;
import org.cram.experiments.wiring.TrackingModule;
import org.cram.models.nn.SingleNativeThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sparse transfer between image datasets on generated CIFAR-10 batches: with as many classes the head is kept (and
 * stays masked), batch-norm statistics move along; images of another shape are a config error before any training.
 */
@ExtendWith(SingleNativeThread.class)
class ImageTransferTest {

    private static Path cifar(Path dir, long seed) throws Exception {
        Files.createDirectories(dir);
        for (int b = 1; b <= 5; b++) {
            Cifar10ExperimentTest.writeBatch(dir.resolve("data_batch_" + b + ".bin"), 24, seed + b);
        }
        Cifar10ExperimentTest.writeBatch(dir.resolve("test_batch.bin"), 40, seed + 9);
        return dir;
    }

    private static ResultTable run(ExperimentConfig config, Path dir) {
        CompressorRegistry registry = CompressorRegistry.standard();
        Injector injector = Guice.createInjector(new CompressionModule(registry),
                new ExperimentModule(config, new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8), new RunOptions(Optional.empty(), List.of(), false,
                        dir.resolve("ckpt"))),
                new TrackingModule(config.tracking().store()));
        try (RunTracker tracker = injector.getInstance(RunTracker.class)) {
            return injector.getInstance(TrainSweepExperiment.class).run();
        }
    }

    private static ExperimentConfig config(String data, String transferData, Path store) {
        return new ConfigLoader(CompressorRegistry.standard().names()).parse("""
                experiment: image-transfer
                seed: 2
                data: %s
                models: [cnn-bn]
                training: {epochs: 1, batch_size: 30}
                optimizers: {sgd: {type: sgd, lr: 0.05, momentum: 0.9}}
                sweep: {sparsities: [0.5], bn_retune: {enabled: false}}
                transfer: {data: %s, sparsities: [0.6], epochs: 1, lr: 0.02}
                tracking: {store: %s}
                """.formatted(data, transferData, store), "t.yaml", List.of());
    }

    @Test
    void withAsManyClassesTheHeadIsKeptAndMasked(@TempDir Path dir) throws Exception {
        Path first = cifar(dir.resolve("a"), 10);
        Path second = cifar(dir.resolve("b"), 20);
        Path store = dir.resolve("mlruns");
        ResultTable table = run(config("{dataset: cifar10, dir: " + first + "}", "{dataset: cifar10, dir: "
                + second + "}", store), dir);
        assertThat(table.rows().get(0).transferred()).hasSize(1)
                .allSatisfy(a -> assertThat(a).isBetween(0.0, 1.0));

        FileStoreReader reader = new FileStoreReader(store);
        String exp = reader.experimentByName("image-transfer").orElseThrow().experimentId();
        FileStoreReader.RunInfo transfer = reader.runs(exp).stream()
                .filter(r -> r.runName().equals("transfer cnn-bn/sgd @ 60% to cifar10")).findFirst().orElseThrow();
        Map<String, String> params = reader.params(exp, transfer.runId());
        assertThat(params).containsEntry("transfer.head", "kept").containsEntry("transfer.head_parameters", "")
                .containsEntry("transfer.optimizer.type", "sgd").containsEntry("transfer.optimizer.momentum", "0.9");
        // the mask keeps its head entries: the realized sparsity is the one-shot target over all prunable weights
        assertThat(reader.metric(exp, transfer.runId(), "sparsity_prunable").get(0).value()).isCloseTo(0.6,
                org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void imagesOfAnotherShapeAreAConfigErrorBeforeAnyTraining(@TempDir Path dir) throws Exception {
        Path second = cifar(dir.resolve("b"), 20);
        Path store = dir.resolve("mlruns");
        ExperimentConfig config = config("{dataset: fashion-mnist, train_limit: 100, test_limit: 50}",
                "{dataset: cifar10, dir: " + second + "}", store);
        assertThatThrownBy(() -> run(config, dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'transfer.data'").hasMessageContaining("[3, 32, 32]")
                .hasMessageContaining("[1, 28, 28]").hasMessageContaining("fashion-mnist");
        assertThat(dir.resolve("ckpt")).doesNotExist();
    }
}
