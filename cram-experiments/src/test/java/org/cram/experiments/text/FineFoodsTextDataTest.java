package org.cram.experiments.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cram.api.data.Batch;
import org.cram.api.data.Dataset;
import org.cram.experiments.config.ConfigLoader;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.run.ExperimentData;
import org.junit.jupiter.api.Test;

/**
 * The real fine-food reviews (installed by {@code scripts/fetch-fine-foods.sh}, which the test command runs) as a
 * text experiment's data: subset, labels and tokenized batches. Not skipped when the data is absent: it then fails
 * naming the fetch script.
 */
class FineFoodsTextDataTest {

    @Test
    void aFineFoodsConfigGivesTokenizedBatchesOfTheRealReviews() {
        ExperimentConfig config = new ConfigLoader(List.of("global-magnitude")).parse("""
                experiment: ff
                data: {dataset: fine-foods, train_limit: 100, test_limit: 40}
                models: [minilm-l6]
                bert: {max_length: 32}
                training: {epochs: 1}
                optimizers: {adamw: {type: adamw, lr: 1.0e-4}}
                """, "ff.yaml", List.of());
        ExperimentData data = new ExperimentData(config, new MiniLmAssets());
        Dataset train = data.train();
        Dataset test = data.test();
        assertThat(train.size()).isEqualTo(100);
        assertThat(test.size()).isEqualTo(40);
        assertThat(train.numClasses()).isEqualTo(2);
        assertThat(data.classNames()).containsExactly("great", "other");
        assertThat(train.featureShape()).containsExactly(32L);

        Batch b = test.batch(new int[] {0, 1, 2, 3});
        long[] shape = b.features().shape();
        assertThat(shape[0]).isEqualTo(4);
        assertThat(shape[1]).isBetween(3L, 32L);
        assertThat(b.input(Batch.ATTENTION_MASK).shape()).containsExactly(shape);
        int[] first = b.features().getRow(0).toIntVector();
        assertThat(first[0]).isEqualTo(101); // [CLS] of the bert-base-uncased vocabulary
        assertThat(first).contains(102);     // [SEP]
        assertThat(b.labels()).containsAnyOf(0, 1).doesNotContain(-1, 2);
    }
}
