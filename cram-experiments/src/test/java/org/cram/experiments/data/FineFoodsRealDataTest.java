package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Checks the real {@code small_fine_foods} reviews from Debian's r-cran-modeldata. Deliberately not skipped when the
 * data is absent: it then fails with a message saying to run {@code scripts/fetch-fine-foods.sh}, which CI runs
 * before the tests.
 */
class FineFoodsRealDataTest {

    @Test
    void realSplitsHaveTheDocumentedSizesAndLabels() {
        FineFoods.Splits splits = FineFoods.load(FineFoods.defaultDir());

        TextDataset train = splits.train();
        TextDataset test = splits.test();
        assertThat(train.size()).isEqualTo(4_000);
        assertThat(test.size()).isEqualTo(1_000);
        assertThat(train.classNames()).containsExactly("great", "other");
        assertThat(test.classNames()).containsExactly("great", "other");
        assertThat((double) train.classCounts()[0] / train.size()).isCloseTo(0.65, within(0.05));
        assertThat((double) test.classCounts()[0] / test.size()).isCloseTo(0.65, within(0.05));
        assertThat(train.example(0).text()).isNotBlank();
        assertThat(test.example(0).text()).isNotBlank();
        assertThat(train.hasTextPairs()).isFalse();
        assertThat(train.examples()).allSatisfy(e -> assertThat(e.text()).isNotNull());
    }
}
