package org.cram.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.cram.api.track.RunStatus;
import org.cram.api.track.RunTracker;
import org.cram.compress.CompressorRegistry;
import org.cram.experiments.config.ConfigLoader;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.tracking.FileStoreReader;
import org.cram.experiments.tracking.MlflowCredentials;
import org.cram.experiments.tracking.SecretRedactor;
import org.cram.experiments.wiring.CompressionModule;
import org.cram.experiments.wiring.ExperimentModule;
import org.cram.experiments.wiring.TrackingModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets in what runs log about their config. The config schema is strict, so a secret-looking key makes the
 * config fail to load (naming the key, never its value); secrets in accepted places (a comment, a folder name,
 * {@code --set} overrides) reach the store only as the redaction marker, while the runs succeed and the redacted
 * artifact still loads as the same experiment.
 */
class ConfigRedactionTest {
    private static final String ENV_TOKEN = "tok-ENV-7f3a9c2e51";
    private static final String KEY_SECRET = "hunter2-in-config";

    @Test
    void aSecretLookingKeyIsRejectedWithoutEchoingItsValue() {
        assertThatThrownBy(() -> new ConfigLoader(CompressorRegistry.standard().names()).parse("""
                experiment: e
                data: {dataset: fashion-mnist}
                models: [lenet-300-100]
                training: {epochs: 1}
                optimizers: {sgd: {type: sgd, lr: 0.1}}
                tracking: {api_token: %s}
                """.formatted(KEY_SECRET), "e.yaml", List.of()))
                .hasMessageContaining("api_token").satisfies(e -> assertThat(e).hasMessageNotContaining(KEY_SECRET));
        assertThatThrownBy(() -> new ConfigLoader(CompressorRegistry.standard().names()).parse(
                "experiment: e\n", "e.yaml", List.of("tracking.password=" + KEY_SECRET)))
                .satisfies(e -> assertThat(e).hasMessageNotContaining(KEY_SECRET));
    }

    @Test
    void configArtifactAndParamsAreRedactedAndTheRunStillWorks(@TempDir Path dir) throws IOException {
        Path store = dir.resolve("mlruns");
        // the data folder's name embeds the token: a value, not a key, that the redactor must still catch
        Path data = Files.createSymbolicLink(dir.resolve("fmnist-" + ENV_TOKEN),
                Path.of(ExperimentConfig.Data.DEFAULT_DIR));
        Path configFile = dir.resolve("secret.yaml");
        Files.writeString(configFile, """
                experiment: redact
                seed: 4
                # the token for the team server is %s
                data: {dataset: fashion-mnist, dir: '%s', train_limit: 200, test_limit: 100}
                models: [lenet-300-100]
                training: {epochs: 1, batch_size: 50}
                optimizers: {sgd: {type: sgd, lr: 0.05, momentum: 0.9}}
                sweep: {sparsities: [0.5]}
                tracking: {store: '%s'}
                """.formatted(ENV_TOKEN, data, store), StandardCharsets.UTF_8);
        List<String> overrides = List.of("data.dir=" + data, "seed=4");
        CompressorRegistry registry = CompressorRegistry.standard();
        ExperimentConfig config = new ConfigLoader(registry.names()).load(configFile, overrides);
        Map<String, String> env = Map.of(MlflowCredentials.TOKEN, ENV_TOKEN);
        Injector injector = Guice.createInjector(new CompressionModule(registry),
                new ExperimentModule(config, new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8),
                        new RunOptions(Optional.of(configFile), overrides, false, dir.resolve("ckpt"))),
                new TrackingModule(Optional.empty(), store, env, Optional.empty()));
        ResultTable table;
        try (RunTracker tracker = injector.getInstance(RunTracker.class)) {
            table = injector.getInstance(TrainSweepExperiment.class).run();
        }
        assertThat(table.rows()).hasSize(1);

        FileStoreReader reader = new FileStoreReader(store);
        String exp = reader.experimentByName("redact").orElseThrow().experimentId();
        List<FileStoreReader.RunInfo> withConfig = reader.runs(exp).stream()
                .filter(r -> !r.runName().contains(" @ ")).toList(); // train, sweep parent, summary
        assertThat(withConfig).hasSize(3).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.FINISHED));
        String redactedDir = dir.resolve("fmnist-" + SecretRedactor.MARKER).toString();
        for (FileStoreReader.RunInfo run : withConfig) {
            String artifact = Files.readString(reader.runDir(exp, run.runId()).resolve("artifacts/secret.yaml"));
            assertThat(artifact).as(run.runName())
                    .contains("# the token for the team server is " + SecretRedactor.MARKER)
                    .contains("dir: '" + redactedDir + "'")
                    .contains("train_limit: 200")
                    .doesNotContain(ENV_TOKEN);
            assertThat(reader.params(exp, run.runId())).containsEntry(ConfigArtifacts.OVERRIDES_PARAM,
                    "data.dir=" + redactedDir + " seed=4");
            // the redacted artifact is still the same experiment
            ExperimentConfig reloaded = new ConfigLoader(registry.names()).parse(artifact, "artifact", List.of());
            assertThat(reloaded.commonParams()).isEqualTo(config.commonParams());
        }
        try (Stream<Path> files = Files.walk(store)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(content).as(f.toString()).doesNotContain(ENV_TOKEN);
            }
        }
    }
}
