package org.cram.experiments.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cram.api.compress.CompressionTarget;
import org.cram.compress.CompressorRegistry;
import org.cram.experiments.config.ConfigLoader;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.config.SuiteConfig;
import org.cram.experiments.run.ResultTable;
import org.junit.jupiter.api.Test;

class TuningSelectionTest {
    private static final ExperimentConfig TUNING = new ConfigLoader(CompressorRegistry.standard().names()).parse("""
            experiment: tune
            data: {dataset: fashion-mnist, validation_size: 100, evaluate_on: validation}
            models: [lenet-300-100]
            training: {epochs: 1}
            optimizers:
              sgd/lr0.05: {type: sgd, lr: 0.05}
              sgd/lr0.1: {type: sgd, lr: 0.1}
              cram-plus/rho0.05: {type: cram-plus, lr: 0.1, rho: 0.05, sparsity: 0.7}
              cram-plus/rho0.2: {type: cram-plus, lr: 0.1, rho: 0.2, sparsity: 0.7}
            sweep: {sparsities: [0.0, 0.9]}
            """, "tune.yaml", List.of());

    private static ResultTable table(double... scores) {
        ResultTable t = new ResultTable(List.of(
                new ResultTable.Column("global-magnitude", CompressionTarget.sparsity(0.0), "0%"),
                new ResultTable.Column("global-magnitude", CompressionTarget.sparsity(0.9), "90%")), List.of());
        String[] arms = {"sgd/lr0.05", "sgd/lr0.1", "cram-plus/rho0.05", "cram-plus/rho0.2"};
        for (int i = 0; i < arms.length; i++) {
            t.add(new ResultTable.Row("lenet-300-100", arms[i], scores[2 * i],
                    List.of(scores[2 * i], scores[2 * i + 1]), false, List.of()));
        }
        return t;
    }

    @Test
    void theVariantWithTheBestMeanOverTheSweepWinsAndPassesItsValuesOn() {
        // sgd/lr0.05 has the better dense score but collapses at 90%: the mean favours sgd/lr0.1
        ResultTable t = table(0.90, 0.30, 0.88, 0.50, 0.86, 0.84, 0.87, 0.80);
        TuningSelection s = TuningSelection.select(TUNING, t, new SuiteConfig.Tuning(Path.of("tune.yaml"),
                List.of("rho", "lr"), Map.of()));
        assertThat(s.candidates()).extracting(TuningSelection.Candidate::variant, TuningSelection.Candidate::chosen)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sgd/lr0.05", false),
                        org.assertj.core.groups.Tuple.tuple("sgd/lr0.1", true),
                        org.assertj.core.groups.Tuple.tuple("cram-plus/rho0.05", true),
                        org.assertj.core.groups.Tuple.tuple("cram-plus/rho0.2", false));
        assertThat(s.candidates().get(1).score()).isEqualTo((0.88 + 0.50) / 2);
        // no rho for a single-pass arm
        assertThat(s.overrides()).containsExactly("optimizers.sgd.lr=0.1", "optimizers.cram-plus.rho=0.05",
                "optimizers.cram-plus.lr=0.1");
    }

    @Test
    void aChoiceGoesToEveryArmTheSuiteAppliesItTo() {
        TuningSelection s = TuningSelection.select(TUNING, table(0.9, 0.3, 0.88, 0.5, 0.8, 0.7, 0.85, 0.8),
                new SuiteConfig.Tuning(Path.of("tune.yaml"), List.of("rho"),
                        Map.of("cram-plus", List.of("cram", "cram-plus-multi"))));
        assertThat(s.overrides()).containsExactly("optimizers.cram.rho=0.2", "optimizers.cram-plus-multi.rho=0.2");
    }

    @Test
    void armsNotNamedArmSlashVariantAreRefused() {
        ResultTable t = new ResultTable(List.of(
                new ResultTable.Column("global-magnitude", CompressionTarget.sparsity(0.0), "0%")), List.of());
        t.add(new ResultTable.Row("lenet-300-100", "sgd", 0.9, List.of(0.9), false, List.of()));
        assertThatThrownBy(() -> TuningSelection.select(TUNING, t, new SuiteConfig.Tuning(Path.of("t.yaml"),
                List.of("lr"), Map.of()))).hasMessageContaining("'sgd'").hasMessageContaining("ARM/VARIANT");
    }
}
