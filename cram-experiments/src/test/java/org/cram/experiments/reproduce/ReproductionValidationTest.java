package org.cram.experiments.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cram.compress.CompressorRegistry;
import org.cram.experiments.config.ConfigException;
import org.cram.experiments.config.SuiteConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A suite's configs are checked before anything trains. */
class ReproductionValidationTest {
    private static final String CONFIG = """
            experiment: %s
            data: {dataset: fashion-mnist, train_limit: 64, test_limit: 32%s}
            models: [lenet-300-100]
            training: {epochs: 1}
            optimizers: {%s: {type: sgd, lr: 0.1}}
            sweep: {sparsities: [0.0]}
            """;

    @Test
    void aTuningConfigScoredOnTheTestSetIsRefusedBeforeAnyTraining(@TempDir Path dir) throws Exception {
        Path tune = Files.writeString(dir.resolve("tune.yaml"), CONFIG.formatted("tune", "", "sgd/a"));
        Path run = Files.writeString(dir.resolve("run.yaml"), CONFIG.formatted("run", "", "sgd"));
        SuiteConfig suite = new SuiteConfig("t", "t", List.of(1L), Optional.of(new SuiteConfig.Tuning(tune,
                List.of("lr"), Map.of())), List.of(run), new SuiteConfig.Smoke(List.of(1L), List.of()));
        Path store = dir.resolve("mlruns");
        assertThatThrownBy(() -> new Reproduction(CompressorRegistry.standard(),
                new PrintStream(new ByteArrayOutputStream()), store, dir.resolve("ckpt"), false).run(suite))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tune.yaml")
                .hasMessageContaining("data.evaluate_on: validation");
        assertThat(store).doesNotExist();
    }

    @Test
    void aBrokenRunConfigIsRefusedBeforeTheTuningTrains(@TempDir Path dir) throws Exception {
        Path tune = Files.writeString(dir.resolve("tune.yaml"), CONFIG.formatted("tune",
                ", validation_size: 100, evaluate_on: validation", "sgd/a"));
        Path run = Files.writeString(dir.resolve("run.yaml"), CONFIG.formatted("run", "", "sgd")
                .replace("lr: 0.1", "lr: -1"));
        SuiteConfig suite = new SuiteConfig("t", "t", List.of(1L), Optional.of(new SuiteConfig.Tuning(tune,
                List.of("lr"), Map.of())), List.of(run), new SuiteConfig.Smoke(List.of(1L), List.of()));
        Path store = dir.resolve("mlruns");
        assertThatThrownBy(() -> new Reproduction(CompressorRegistry.standard(),
                new PrintStream(new ByteArrayOutputStream()), store, dir.resolve("ckpt"), false).run(suite))
                .isInstanceOf(ConfigException.class).hasMessageContaining("optimizers.sgd.lr");
        assertThat(store).doesNotExist();
    }
}
