package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {

    @Test
    void heldOutAndTrainingIndicesPartitionTheSet() {
        ValidationSplit s = ValidationSplit.of(1000, 137);
        assertThat(s.validation()).hasSize(137).isSorted().doesNotHaveDuplicates();
        assertThat(s.training()).hasSize(863).isSorted().doesNotHaveDuplicates();
        int[] all = IntStream.concat(Arrays.stream(s.validation()), Arrays.stream(s.training())).sorted().toArray();
        assertThat(all).containsExactly(IntStream.range(0, 1000).toArray());
    }

    @Test
    void theSameSizeAlwaysHoldsOutTheSameExamples() {
        assertThat(ValidationSplit.of(60_000, 5_000)).isEqualTo(ValidationSplit.of(60_000, 5_000));
        assertThat(ValidationSplit.of(60_000, 5_000).validation())
                .isEqualTo(IndexSampling.randomSubset(60_000, 5_000, ValidationSplit.SEED));
    }

    @Test
    void heldOutExamplesAreSpreadOverTheSetNotTakenFromItsStart() {
        int[] v = ValidationSplit.of(10_000, 1_000).validation();
        long inFirstTenth = Arrays.stream(v).filter(i -> i < 1_000).count();
        // a uniform draw puts about 100 of 1000 in the first tenth; taking the head would put all 1000 there
        assertThat(inFirstTenth).isBetween(60L, 140L);
    }

    @Test
    void sizesOutsideOneToNMinusOneAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> ValidationSplit.of(100, 100)).hasMessageContaining("data.validation_size")
                .hasMessageContaining("got 100").hasMessageContaining("99");
        assertThatThrownBy(() -> ValidationSplit.of(100, 0)).hasMessageContaining("got 0");
    }

    @Test
    void theReturnedArraysAreCopies() {
        ValidationSplit s = ValidationSplit.of(10, 3);
        s.validation()[0] = -1;
        assertThat(s.validation()[0]).isNotNegative();
    }
}
