package org.cram.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.cram.compress.CompressorRegistry;
import org.cram.experiments.config.ConfigException;
import org.cram.experiments.config.ConfigLoader;
import org.cram.experiments.config.ExperimentConfig;
import org.junit.jupiter.api.Test;

class OptimizerFactoryTest {
    private final CompressorRegistry registry = CompressorRegistry.standard();
    private final OptimizerFactory factory = new OptimizerFactory(registry.providers());

    private ExperimentConfig config(String optimizers) {
        return new ConfigLoader(List.of("global-magnitude", "made-up", "n-of-m", "quantize")).parse("""
                experiment: f
                data: {dataset: fashion-mnist}
                models: [lenet-300-100]
                training: {epochs: 1}
                optimizers:
                %s
                """.formatted(optimizers), "f.yaml", List.of());
    }

    @Test
    void buildsEveryTypeWithItsBase() {
        ExperimentConfig c = config("""
                  a: {type: sgd, lr: 0.1}
                  b: {type: adamw, lr: 0.001}
                  c: {type: asam, base: adam, lr: 0.001, rho: 1.0}
                  d: {type: cram-plus, base: adamw, lr: 0.001, sparsities: [0.5, 0.9]}
                  e: {type: cram, lr: 0.1, sparsity: 0.5, mask_refresh_period: 4}
                  f: {type: cram-plus, lr: 0.1, nm: ['2:4', '4:8']}
                  g: {type: cram-plus, lr: 0.1, bits: 4}
                """);
        assertThat(c.optimizers().stream().map(o -> factory.create(o, 1).name()).toList())
                .containsExactly("sgd", "adamw", "asam", "cram+-multi", "cram", "cram+-multi", "cram+");
        assertThat(factory.create(c.optimizer("f"), 1).describe()).containsEntry("compressor", "n-of-m")
                .containsEntry("targets", "[2:4, 4:8]");
        assertThat(factory.create(c.optimizer("g"), 1).describe()).containsEntry("compressor", "quantize");
        assertThat(factory.create(c.optimizer("d"), 1).describe()).containsEntry("base", "adamw")
                .containsEntry("targets", "[sparsity=0.5000, sparsity=0.9000]");
    }

    @Test
    void unknownCompressorNameAndUnsupportedTargetsFailNamingTheArm() {
        assertThatThrownBy(() -> factory.create(config("""
                  x: {type: cram-plus, lr: 0.1, sparsity: 0.5, compressor: made-up}
                """).optimizer("x"), 1))
                .isInstanceOf(ConfigException.class).hasMessageContaining("optimizer 'x'")
                .hasMessageContaining("unknown compressor 'made-up'").hasMessageContaining("global-magnitude");
        assertThatThrownBy(() -> factory.create(config("""
                  y: {type: cram-plus, lr: 0.1, bits: 4, compressor: global-magnitude}
                """).optimizer("y"), 1))
                .isInstanceOf(ConfigException.class).hasMessageContaining("optimizer 'y'")
                .hasMessageContaining("does not support 4bit");
    }

    @Test
    void aGmpArmPrunesOverItsWindowOfTheTotalSteps() {
        ExperimentConfig c = config("""
                  g: {type: gmp, base: adam, lr: 0.001, sparsity: 0.9, start_fraction: 0.1, end_fraction: 0.6, prune_every: 7}
                """);
        org.cram.api.optim.OptimizerSpec spec = factory.create(c.optimizer("g"), 1, 1000);
        assertThat(spec.name()).isEqualTo("gmp");
        assertThat(spec.describe()).containsEntry("base", "adam").containsEntry("start_step", 100L)
                .containsEntry("end_step", 600L).containsEntry("prune_every", 7L)
                .containsEntry("final_sparsity", 0.9).containsEntry("compressor", "global-magnitude");
    }

    @Test
    void aGmpArmNeedsTheRunLengthButValidatesWithoutIt() {
        ExperimentConfig c = config("""
                  g: {type: gmp, lr: 0.1, sparsity: 0.9, end_fraction: 0.5}
                  bad: {type: gmp, lr: 0.1, sparsity: 0.9, compressor: n-of-m}
                """);
        assertThatThrownBy(() -> factory.create(c.optimizer("g"), 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'g'")
                .hasMessageContaining("total number of training steps");
        factory.validate(c.optimizer("g"), 1);
        assertThatThrownBy(() -> factory.validate(c.optimizer("bad"), 1))
                .isInstanceOf(ConfigException.class).hasMessageContaining("optimizer 'bad'")
                .hasMessageContaining("does not support sparsity");
        // half of one step holds no pruning step: named, with the numbers, when training starts
        assertThatThrownBy(() -> factory.create(c.optimizer("g"), 1, 1))
                .isInstanceOf(ConfigException.class).hasMessageContaining("optimizer 'g'")
                .hasMessageContaining("end_fraction 0.5").hasMessageContaining("of 1 training steps");
    }
}
