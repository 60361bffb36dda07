package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IndexSamplingTest {

    @Test
    void randomSubsetIsReproducibleDistinctSortedAndInRange() {
        int[] subset = IndexSampling.randomSubset(60_000, 1_000, 5L);

        assertThat(subset).hasSize(1_000).doesNotHaveDuplicates().isSorted();
        assertThat(subset[0]).isGreaterThanOrEqualTo(0);
        assertThat(subset[999]).isLessThan(60_000);
        assertThat(IndexSampling.randomSubset(60_000, 1_000, 5L)).containsExactly(subset);
        assertThat(IndexSampling.randomSubset(60_000, 1_000, 6L)).isNotEqualTo(subset);
    }

    @Test
    void fullSubsetIsEverything() {
        assertThat(IndexSampling.randomSubset(7, 7, 1L)).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThatThrownBy(() -> IndexSampling.randomSubset(7, 8, 1L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void permutationIsAPermutation() {
        assertThat(IndexSampling.permutation(100, new SplittableRandom(1)))
                .containsExactlyInAnyOrder(IndexSampling.identity(100));
    }
}
