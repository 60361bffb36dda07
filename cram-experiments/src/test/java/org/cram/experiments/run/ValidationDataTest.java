package org.cram.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.cram.api.data.Batch;
import org.cram.api.data.Dataset;
import org.cram.compress.CompressorRegistry;
import org.cram.experiments.config.ConfigException;
import org.cram.experiments.config.ConfigLoader;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.text.MiniLmAssets;
import org.junit.jupiter.api.Test;

/** The validation split on the real Fashion-MNIST: held out from training, scored instead of the test set. */
class ValidationDataTest {
    private static final ConfigLoader LOADER = new ConfigLoader(CompressorRegistry.standard().names());

    private static ExperimentConfig config(String data) {
        return LOADER.parse("""
                experiment: v
                data: %s
                models: [lenet-300-100]
                training: {epochs: 1}
                optimizers: {sgd: {type: sgd, lr: 0.1}}
                """.formatted(data), "v.yaml", List.of());
    }

    @Test
    void trainingNeverSeesAValidationImageAndEvaluationScoresTheValidationSplit() {
        ExperimentData data = new ExperimentData(config(
                "{dataset: fashion-mnist, validation_size: 2000, evaluate_on: validation, train_limit: 3000}"),
                new MiniLmAssets());
        Dataset train = data.train();
        Dataset eval = data.test();
        assertThat(train.size()).isEqualTo(3000);
        assertThat(eval.size()).isEqualTo(2000);
        assertThat(eval.name()).contains("validation");
        Set<String> trainImages = fingerprints(train);
        Set<String> validationImages = fingerprints(eval);
        // Fashion-MNIST has a few exact duplicate images; disjoint index sets leave at most a handful in common
        long shared = validationImages.stream().filter(trainImages::contains).count();
        assertThat(shared).isLessThan(5);
        assertThat(data.calibration(500, 1).size()).isEqualTo(500);
        assertThat(fingerprints(data.calibration(500, 1))).isSubsetOf(trainImages);
    }

    @Test
    void withEvaluateOnTestTheSplitIsOnlyHeldOut() {
        ExperimentData data = new ExperimentData(config(
                "{dataset: fashion-mnist, validation_size: 5000, test_limit: 100}"), new MiniLmAssets());
        assertThat(data.train().size()).isEqualTo(55_000);
        assertThat(data.test().size()).isEqualTo(100);
        assertThat(data.test().name()).doesNotContain("validation");
    }

    @Test
    void tuningAndFinalRunsTrainOnTheSameImages() {
        Dataset tuning = new ExperimentData(config(
                "{dataset: fashion-mnist, validation_size: 1000, evaluate_on: validation, train_limit: 800}"),
                new MiniLmAssets()).train();
        Dataset finalRun = new ExperimentData(config(
                "{dataset: fashion-mnist, validation_size: 1000, train_limit: 800}"), new MiniLmAssets()).train();
        assertThat(fingerprints(tuning)).isEqualTo(fingerprints(finalRun));
    }

    @Test
    void badSettingsAreConfigErrorsNamingTheKey() {
        assertThatThrownBy(() -> config("{dataset: fashion-mnist, evaluate_on: validation}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("data.evaluate_on")
                .hasMessageContaining("validation_size");
        assertThatThrownBy(() -> config("{dataset: fashion-mnist, validation_size: 10, evaluate_on: dev}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("data.evaluate_on")
                .hasMessageContaining("'dev'");
        assertThatThrownBy(() -> new ExperimentData(config("{dataset: fashion-mnist, validation_size: 60000}"),
                new MiniLmAssets()).train()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("validation_size").hasMessageContaining("60000");
        assertThat(config("{dataset: fashion-mnist, validation_size: 10}").commonParams())
                .containsEntry("data.validation_size", 10).containsEntry("data.evaluate_on", "test");
    }

    private static Set<String> fingerprints(Dataset d) {
        Set<String> out = new HashSet<>();
        int step = 500;
        for (int start = 0; start < d.size(); start += step) {
            int[] idx = IntStream.range(start, Math.min(d.size(), start + step)).toArray();
            Batch b = d.batch(idx);
            float[][] rows = b.features().reshape(idx.length, -1).toFloatMatrix();
            for (float[] row : rows) {
                out.add(java.util.Arrays.toString(row));
            }
        }
        return out;
    }
}
