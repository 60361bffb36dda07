package org.cram.experiments.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.cram.optim.AdamSpec;
import org.junit.jupiter.api.Test;

/** The {@code finetune} and {@code transfer} sections: optimizer choice, defaults and every error path. */
class SparseTrainingConfigTest {
    private static final ConfigLoader LOADER = new ConfigLoader(List.of("global-magnitude"));

    private static ExperimentConfig parse(String extra) {
        return LOADER.parse("""
                experiment: t
                data: {dataset: fashion-mnist}
                models: [lenet-300-100]
                training: {epochs: 1}
                optimizers: {sgd: {type: sgd, lr: 0.1}}
                """ + extra, "t.yaml", List.of());
    }

    @Test
    void aFineTuneSectionWithoutOptimizerKeepsSgdWithMomentumFromItsOwnDefault() {
        ExperimentConfig.FineTune ft = parse("finetune: {sparsities: [0.9], epochs: 2, lr: 0.01}\n").finetune()
                .orElseThrow();
        assertThat(ft.sparsities()).containsExactly(0.9);
        assertThat(ft.epochs()).isEqualTo(2);
        assertThat(ft.optimizer().type()).isEqualTo("sgd");
        assertThat(ft.optimizer().lr()).isEqualTo(0.01);
        assertThat(ft.optimizer().momentum()).isEqualTo(ExperimentConfig.FineTune.DEFAULT_MOMENTUM);
        assertThat(ft.optimizer().weightDecay()).isZero();
        assertThat(ft.asParams("finetune.")).containsEntry("finetune.optimizer.type", "sgd")
                .containsEntry("finetune.optimizer.lr", 0.01).containsEntry("finetune.epochs", 2);
    }

    @Test
    void aFineTuneOptimizerTakesAnArmsKeysAndDefaults() {
        ExperimentConfig.FineTune ft = parse("""
                finetune:
                  sparsities: [0.5]
                  epochs: 1
                  optimizer: {type: adamw, lr: 0.001, beta2: 0.98}
                """).finetune().orElseThrow();
        assertThat(ft.optimizer().type()).isEqualTo("adamw");
        assertThat(ft.optimizer().beta2()).isEqualTo(0.98);
        assertThat(ft.optimizer().weightDecay()).isEqualTo(AdamSpec.DEFAULT_ADAMW_DECAY);
        ExperimentConfig.FineTune sgd = parse(
                "finetune: {sparsities: [0.5], epochs: 1, optimizer: {type: sgd, lr: 0.1, nesterov: true, "
                        + "momentum: 0.8}}\n").finetune().orElseThrow();
        assertThat(sgd.optimizer().nesterov()).isTrue();
        assertThat(sgd.optimizer().momentum()).isEqualTo(0.8);
    }

    @Test
    void aTwoPassFineTuneOptimizerNamesTheKeyTheValueAndTheAllowedTypes() {
        assertThatThrownBy(() -> parse("finetune: {sparsities: [0.5], epochs: 1, optimizer: {type: cram-plus, "
                + "lr: 0.1, sparsity: 0.5}}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'finetune.optimizer.type'").hasMessageContaining("'cram-plus'")
                .hasMessageContaining("[sgd, adam, adamw]");
    }

    @Test
    void sgdKeysBesideAnOptimizerAreNamed() {
        assertThatThrownBy(() -> parse("finetune: {sparsities: [0.5], epochs: 1, lr: 0.1, optimizer: {type: sgd, "
                + "lr: 0.1}}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'finetune.lr'").hasMessageContaining("finetune.optimizer");
        assertThatThrownBy(() -> parse("finetune: {sparsities: [0.5], epochs: 1, momentum: 0.5, optimizer: "
                + "{type: sgd, lr: 0.1}}\n")).hasMessageContaining("'finetune.momentum'");
    }

    @Test
    void aFineTuneOptimizersOwnErrorsCarryItsPath() {
        assertThatThrownBy(() -> parse("finetune: {sparsities: [0.5], epochs: 1, optimizer: {type: adamw}}\n"))
                .hasMessageContaining("'finetune.optimizer.lr'").hasMessageContaining("missing");
        assertThatThrownBy(() -> parse("finetune: {sparsities: [0.5], epochs: 1, optimizer: {type: adamw, "
                + "lr: 0.001, rho: 0.1}}\n")).hasMessageContaining("[rho]")
                .hasMessageContaining("'finetune.optimizer'");
        assertThatThrownBy(() -> parse("finetune: {sparsities: [0.5], epochs: 1, optimizer: {type: adamw, "
                + "lr: 0.001, weight_decay: 2}}\n")).hasMessageContaining("'finetune.optimizer.weight_decay'")
                .hasMessageContaining("2");
        assertThatThrownBy(() -> parse("finetune: {sparsities: [0.5], epochs: 1, optimizer: adamw}\n"))
                .hasMessageContaining("'finetune.optimizer'").hasMessageContaining("expected a mapping");
        assertThatThrownBy(() -> parse("finetune: {sparsities: [0.5], epochs: 1, optimizer: {lr: 0.1}}\n"))
                .hasMessageContaining("'finetune.optimizer.type'").hasMessageContaining("missing");
    }

    @Test
    void theSgdFormStillValidatesItsLearningRate() {
        assertThatThrownBy(() -> parse("finetune: {sparsities: [0.5], epochs: 1, lr: 0}\n"))
                .hasMessageContaining("'finetune.lr'").hasMessageContaining("must be > 0, got 0.0");
        assertThatThrownBy(() -> parse("finetune: {sparsities: [0.5], epochs: 1}\n"))
                .hasMessageContaining("'finetune.lr'").hasMessageContaining("missing");
    }

    @Test
    void aTransferSectionTakesADataSectionAndTheFineTuneKeys() {
        ExperimentConfig.Transfer t = parse("""
                transfer:
                  data: {dataset: cifar10, dir: /tmp/cifar, train_limit: 100}
                  sparsities: [0, 0.8]
                  epochs: 3
                  optimizer: {type: sgd, lr: 0.05, momentum: 0.9}
                """).transfer().orElseThrow();
        assertThat(t.data().dataset()).isEqualTo("cifar10");
        assertThat(t.data().dir()).isEqualTo(Path.of("/tmp/cifar"));
        assertThat(t.data().trainLimit()).isEqualTo(100);
        assertThat(t.tuning().sparsities()).containsExactly(0.0, 0.8);
        assertThat(t.tuning().epochs()).isEqualTo(3);
        assertThat(t.tuning().optimizer().momentum()).isEqualTo(0.9);
        assertThat(parse("").transfer()).isEmpty();
    }

    @Test
    void aTransferToTheOtherKindOfDataNamesTheKeyAndTheAllowedDatasets() {
        assertThatThrownBy(() -> parse("""
                transfer:
                  data: {dataset: csv, train_file: a.csv, test_file: b.csv}
                  sparsities: [0.5]
                  epochs: 1
                  lr: 0.01
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'transfer.data.dataset'").hasMessageContaining("'csv'")
                .hasMessageContaining("[fashion-mnist, cifar10, imagefolder]");
    }

    @Test
    void transferErrorsNameTheirKeys() {
        assertThatThrownBy(() -> parse("transfer: {sparsities: [0.5], epochs: 1, lr: 0.01}\n"))
                .hasMessageContaining("'transfer.data'").hasMessageContaining("missing");
        assertThatThrownBy(() -> parse("transfer: {data: {dataset: mnist}, sparsities: [0.5], epochs: 1, "
                + "lr: 0.01}\n")).hasMessageContaining("'transfer.data.dataset'").hasMessageContaining("'mnist'")
                .hasMessageContaining("fashion-mnist");
        assertThatThrownBy(() -> parse("transfer: {data: {dataset: fashion-mnist}, sparsities: [1.0], epochs: 1, "
                + "lr: 0.01}\n")).hasMessageContaining("'transfer.sparsities[0]'").hasMessageContaining("1.0");
        assertThatThrownBy(() -> parse("transfer: {data: {dataset: fashion-mnist}, sparsities: [0.5], epochs: 1, "
                + "optimizer: {type: sam, lr: 0.1}}\n")).hasMessageContaining("'transfer.optimizer.type'")
                .hasMessageContaining("'sam'");
        assertThatThrownBy(() -> parse("transfer: {data: {dataset: fashion-mnist}, sparsities: [0.5], epochs: 1, "
                + "lr: 0.01, head: fresh}\n")).hasMessageContaining("[head]").hasMessageContaining("'transfer'");
        assertThatThrownBy(() -> parse("transfer: {data: {dataset: fashion-mnist}, sparsities: [0.5], epochs: 0, "
                + "lr: 0.01}\n")).hasMessageContaining("'transfer.epochs'").hasMessageContaining("0");
    }
}
