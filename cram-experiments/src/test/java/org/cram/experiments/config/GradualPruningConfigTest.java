package org.cram.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code gmp} optimizer arm: keys, defaults, tracking params and errors. */
class GradualPruningConfigTest {
    private static final ConfigLoader LOADER = new ConfigLoader(List.of("global-magnitude", "n-of-m", "quantize"));

    private static ExperimentConfig parse(String arm) {
        return LOADER.parse("""
                experiment: g
                data: {dataset: fashion-mnist, train_limit: 100}
                models: [lenet-300-100]
                training: {epochs: 2}
                optimizers:
                  gmp: %s
                """.formatted(arm), "g.yaml", List.of());
    }

    @Test
    void defaultsComeFromTheConstants() {
        OptimizerConfig o = parse("{type: gmp, lr: 0.1, momentum: 0.9, sparsity: 0.9}").optimizer("gmp");
        assertThat(o.type()).isEqualTo("gmp");
        assertThat(o.base()).isEqualTo("sgd");
        assertThat(o.momentum()).isEqualTo(0.9);
        assertThat(o.finalSparsity()).isEqualTo(0.9);
        assertThat(o.compressor()).isEqualTo(OptimizerConfig.DEFAULT_COMPRESSOR);
        assertThat(o.startFraction()).isEqualTo(OptimizerConfig.DEFAULT_START_FRACTION);
        assertThat(o.endFraction()).isEqualTo(OptimizerConfig.DEFAULT_END_FRACTION);
        assertThat(o.pruneEvery()).isEqualTo(OptimizerConfig.DEFAULT_PRUNE_EVERY);
        assertThat(o.gradualPruning()).isTrue();
        assertThat(o.twoPass()).as("gmp takes one gradient per step").isFalse();
        assertThat(o.compressed()).as("gmp trains at the dense point, unlike CrAM").isFalse();
        assertThat(o.startStep(1000)).isZero();
        assertThat(o.endStep(1000)).isEqualTo(750);
    }

    @Test
    void asParamsNamesTheScheduleAndTheBaseButNoCramKeys() {
        OptimizerConfig o = parse("{type: gmp, base: adamw, lr: 0.001, sparsity: 0.8, start_fraction: 0.1, "
                + "end_fraction: 0.9, prune_every: 20, compressor_options: {exact_count: true}}").optimizer("gmp");
        Map<String, Object> p = o.asParams();
        assertThat(p).containsEntry("optimizer.type", "gmp").containsEntry("optimizer.base", "adamw")
                .containsEntry("optimizer.final_sparsity", 0.8).containsEntry("optimizer.start_fraction", 0.1)
                .containsEntry("optimizer.end_fraction", 0.9).containsEntry("optimizer.prune_every", 20)
                .containsEntry("optimizer.compressor", "global-magnitude")
                .containsEntry("optimizer.compressor_options.exact_count", true)
                .containsKey("optimizer.beta1")
                .doesNotContainKeys("optimizer.rho", "optimizer.targets", "optimizer.sparse_gradient",
                        "optimizer.momentum");
    }

    @Test
    void anEmptyWindowNamesEndFraction() {
        assertThatThrownBy(() -> parse("{type: gmp, lr: 0.1, sparsity: 0.9, start_fraction: 0.5, end_fraction: 0.5}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("optimizers.gmp.end_fraction")
                .hasMessageContaining("must be > start_fraction = 0.5, got 0.5");
        assertThatThrownBy(() -> parse("{type: gmp, lr: 0.1, sparsity: 0.9, end_fraction: 1.5}"))
                .hasMessageContaining("optimizers.gmp.end_fraction").hasMessageContaining("1.5");
    }

    @Test
    void missingOrBadSparsityIsNamed() {
        assertThatThrownBy(() -> parse("{type: gmp, lr: 0.1}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("optimizers.gmp.sparsity")
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> parse("{type: gmp, lr: 0.1, sparsity: 1.0}"))
                .hasMessageContaining("optimizers.gmp.sparsity").hasMessageContaining("1.0");
        assertThatThrownBy(() -> parse("{type: gmp, lr: 0.1, sparsity: 0.9, prune_every: 0}"))
                .hasMessageContaining("optimizers.gmp.prune_every").hasMessageContaining("0");
    }

    @Test
    void cramKeysAndUnknownCompressorsAreRejected() {
        assertThatThrownBy(() -> parse("{type: gmp, lr: 0.1, sparsity: 0.9, rho: 0.05}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("[rho]");
        assertThatThrownBy(() -> parse("{type: gmp, lr: 0.1, sparsities: [0.5, 0.9]}"))
                .hasMessageContaining("optimizers.gmp.sparsity").hasMessageContaining("missing");
        assertThatThrownBy(() -> parse("{type: gmp, lr: 0.1, sparsity: 0.9, compressor: zip}"))
                .hasMessageContaining("zip");
    }
}
