package org.cram.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cram.api.compress.CompressionTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final ConfigLoader LOADER = new ConfigLoader(List.of("global-magnitude", "n-of-m", "quantize"));

    static final String VALID = """
            experiment: t
            seed: 7
            data: {dataset: fashion-mnist, train_limit: 100}
            models: [lenet-300-100, cnn-bn]
            training: {epochs: 2, batch_size: 32}
            optimizers:
              sgd: {type: sgd, lr: 0.1, momentum: 0.9}
              crampl: {type: cram-plus, lr: 0.1, rho: 0.1, sparsity: 0.8}
              multi: {type: cram-plus, lr: 0.1, sparsities: [0.5, 0.7, 0.9]}
              sam: {type: sam, lr: 0.1}
            sweep: {sparsities: [0, 0.9]}
            """;

    private static ExperimentConfig parse(String yaml, String... overrides) {
        return LOADER.parse(yaml, "test.yaml", List.of(overrides));
    }

    @Test
    void parsesAValidConfigWithDefaultsFromOnePlace() {
        ExperimentConfig c = parse(VALID);
        assertThat(c.models()).containsExactly("lenet-300-100", "cnn-bn");
        assertThat(c.training().schedule()).isEqualTo("cosine");
        assertThat(c.optimizer("sgd").weightDecay()).isZero();
        assertThat(c.optimizer("crampl").targets()).containsExactly(CompressionTarget.sparsity(0.8));
        assertThat(c.optimizer("crampl").base()).isEqualTo("sgd");
        assertThat(c.optimizer("crampl").sparseGradient()).isTrue();
        assertThat(c.optimizer("multi").rho()).isEqualTo(org.cram.optim.CramSpec.DEFAULT_RHO);
        assertThat(c.optimizer("sam").normalizeAscent()).isTrue();
        assertThat(c.sweep().bnRetune().calibrationSize()).isEqualTo(1000);
        assertThat(c.sweep().bnRetune().forwardPasses()).isEqualTo(100);
        assertThat(c.tracking().store()).isEqualTo(Path.of("mlruns"));
        assertThat(c.data().dir()).isEqualTo(Path.of("/usr/share/datasets/fashion-mnist"));
    }

    @Test
    void unknownOptimizerTypeNamesTheKeyAndTheAllowedValues() {
        assertThatThrownBy(() -> parse(VALID.replace("type: sam", "type: adagrad")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("optimizers.sam.type")
                .hasMessageContaining("adagrad")
                .hasMessageContaining("[sgd, adam, adamw, sam, asam, cram, cram-plus, gmp]");
    }

    @Test
    void sparsityOutsideTheUnitIntervalNamesTheKeyAndValue() {
        assertThatThrownBy(() -> parse(VALID.replace("sparsity: 0.8", "sparsity: 1.0")))
                .hasMessageContaining("optimizers.crampl.sparsity").hasMessageContaining("1.0")
                .hasMessageContaining("[0.0, 1.0)");
        assertThatThrownBy(() -> parse(VALID.replace("[0.5, 0.7, 0.9]", "[0.5, -0.2]")))
                .hasMessageContaining("optimizers.multi.sparsities[1]").hasMessageContaining("-0.2");
        assertThatThrownBy(() -> parse(VALID.replace("sweep: {sparsities: [0, 0.9]}", "sweep: {sparsities: [0, 1.5]}")))
                .hasMessageContaining("sweep.sparsities[1]");
    }

    @Test
    void parsesAdamBasesNmAndBitTargetsAndTheOtherSchedules() {
        ExperimentConfig c = parse(VALID
                .replace("sam: {type: sam, lr: 0.1}", "sam: {type: asam, base: adamw, lr: 0.001, beta2: 0.98}")
                .replace("multi: {type: cram-plus, lr: 0.1, sparsities: [0.5, 0.7, 0.9]}",
                        "multi: {type: cram-plus, lr: 0.1, nm: ['2:4', '4:8'], compressor: global-magnitude}")
                + "", "training.schedule=linear", "training.warmup_steps=10");
        OptimizerConfig asam = c.optimizer("sam");
        assertThat(asam.base()).isEqualTo("adamw");
        assertThat(asam.beta2()).isEqualTo(0.98);
        assertThat(asam.weightDecay()).isEqualTo(org.cram.optim.AdamSpec.DEFAULT_ADAMW_DECAY);
        assertThat(c.optimizer("multi").targets()).containsExactly(new CompressionTarget.NOfM(2, 4),
                new CompressionTarget.NOfM(4, 8));
        assertThat(c.training().schedule()).isEqualTo("linear");
        assertThat(c.training().warmupSteps()).isEqualTo(10);
        assertThatThrownBy(() -> parse(VALID.replace("sparsity: 0.8", "nm: ['4:2']")))
                .hasMessageContaining("optimizers.crampl.nm[0]").hasMessageContaining("4:2");
        assertThatThrownBy(() -> parse(VALID.replace("sparsity: 0.8", "sparsity: 0.8, bits: 4")))
                .hasMessageContaining("exactly one of").hasMessageContaining("[sparsity, bits]");
        assertThatThrownBy(() -> parse(VALID.replace("momentum: 0.9}", "momentum: 0.9, beta1: 0.8}")))
                .hasMessageContaining("[beta1]");
    }

    @Test
    void missingFieldIsNamed() {
        assertThatThrownBy(() -> parse(VALID.replace("training: {epochs: 2, batch_size: 32}", "training: {batch_size: 32}")))
                .hasMessageContaining("training.epochs").hasMessageContaining("missing");
        assertThatThrownBy(() -> parse(VALID.replace("experiment: t\n", "")))
                .hasMessageContaining("'experiment'").hasMessageContaining("missing");
    }

    @Test
    void misspelledOrMisplacedKeysAreRejectedWithTheAllowedKeys() {
        assertThatThrownBy(() -> parse(VALID.replace("momentum: 0.9", "momentun: 0.9")))
                .hasMessageContaining("momentun").hasMessageContaining("optimizers.sgd")
                .hasMessageContaining("momentum");
        // rho means nothing to plain SGD
        assertThatThrownBy(() -> parse(VALID.replace("momentum: 0.9", "momentum: 0.9, rho: 0.1")))
                .hasMessageContaining("[rho]");
        assertThatThrownBy(() -> parse(VALID + "extra: 1\n")).hasMessageContaining("[extra]");
    }

    @Test
    void wrongTypesAreNamed() {
        assertThatThrownBy(() -> parse(VALID.replace("epochs: 2", "epochs: two")))
                .hasMessageContaining("training.epochs").hasMessageContaining("'two'");
        assertThatThrownBy(() -> parse(VALID.replace("lr: 0.1, momentum", "lr: fast, momentum")))
                .hasMessageContaining("optimizers.sgd.lr").hasMessageContaining("expected a number");
    }

    @Test
    void unknownModelAndCompressorListTheRegisteredOnes() {
        assertThatThrownBy(() -> parse(VALID.replace("[lenet-300-100, cnn-bn]", "[resnet-1000]")))
                .hasMessageContaining("models[0]").hasMessageContaining("resnet-1000")
                .hasMessageContaining("lenet-300-100");
        assertThatThrownBy(() -> parse(VALID.replace("sparsity: 0.8}", "sparsity: 0.8, compressor: zip}")))
                .hasMessageContaining("optimizers.crampl.compressor").hasMessageContaining("zip")
                .hasMessageContaining("global-magnitude");
    }

    @Test
    void commandLineOverridesApplyBeforeValidation() {
        ExperimentConfig c = parse(VALID, "optimizers.crampl.rho=0.3", "training.epochs=5", "sweep.sparsities=[0.5]");
        assertThat(c.optimizer("crampl").rho()).isEqualTo(0.3);
        assertThat(c.training().epochs()).isEqualTo(5);
        assertThat(c.sweep().entries().get(0).targets()).containsExactly(CompressionTarget.sparsity(0.5));
        assertThatThrownBy(() -> parse(VALID, "optimizers.crampl.rho=-1")).hasMessageContaining("optimizers.crampl.rho");
        assertThatThrownBy(() -> parse(VALID, "no-equals-sign")).hasMessageContaining("key.path=value");
    }

    @Test
    void yamlTagsCannotInstantiateClasses() {
        assertThatThrownBy(() -> parse("experiment: !!java.io.File [\"/etc/passwd\"]\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> LOADER.load(dir.resolve("nope.yaml"), List.of()))
                .hasMessageContaining("config file not found").hasMessageContaining("nope.yaml");
    }

    @Test
    void theShippedQuickstartConfigIsValid() {
        Path quickstart = Path.of("..", "configs", "quickstart.yaml");
        assertThat(Files.exists(quickstart)).as("configs/quickstart.yaml next to the module").isTrue();
        ExperimentConfig c = LOADER.load(quickstart, List.of());
        assertThat(c.optimizers()).extracting(OptimizerConfig::type).contains("sgd", "cram-plus");
        assertThat(c.sweep().entries()).hasSize(1);
        assertThat(c.sweep().entries().get(0).targets()).isEqualTo(org.cram.optim.CramSpec.sparsityTargets(
                List.of(0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)));
    }

    @Test
    void aSweepGridTakesSeveralCompressorsAndTargetKindsWithErrorsAtTheEntry() {
        ExperimentConfig c = parse(VALID.replace("sweep: {sparsities: [0, 0.9]}", """
                sweep:
                  grid:
                    - {compressor: global-magnitude, sparsities: [0.5, 0.9]}
                    - {nm: ['2:4']}
                    - {bits: [8, 4]}
                """));
        assertThat(c.sweep().entries()).extracting(e -> e.targets().size()).containsExactly(2, 1, 2);
        assertThat(c.sweep().entries()).extracting(ExperimentConfig.SweepEntry::compressor)
                .containsExactly("global-magnitude", "n-of-m", "quantize");
        assertThat(c.sweep().entries().get(2).targets()).containsExactly(new CompressionTarget.Bits(8),
                new CompressionTarget.Bits(4));
        assertThatThrownBy(() -> parse(VALID.replace("sweep: {sparsities: [0, 0.9]}",
                "sweep: {grid: [{compressor: global-magnitude, nm: ['2:4'], extra: 1}]}")))
                .hasMessageContaining("[extra]").hasMessageContaining("sweep.grid[0]");
        assertThatThrownBy(() -> parse(VALID.replace("sweep: {sparsities: [0, 0.9]}",
                "sweep: {grid: [{compressor: zip, sparsities: [0.5]}]}")))
                .hasMessageContaining("sweep.grid[0].compressor").hasMessageContaining("zip");
    }
}
