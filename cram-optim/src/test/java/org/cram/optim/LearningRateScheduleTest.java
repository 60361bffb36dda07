package org.cram.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void cosineWithWarmupFollowsTheReferenceFormula() {
        LearningRateSchedule s = LearningRateSchedule.cosine(0.1, 5, 200);
        assertThat(s.rate(0)).isCloseTo(0.02, Offset.offset(1e-15));
        assertThat(s.rate(4)).isCloseTo(0.1, Offset.offset(1e-15));
        assertThat(s.rate(5)).isCloseTo(0.1, Offset.offset(1e-15)); // cos(0) = 1
        assertThat(s.rate(102)).isCloseTo(0.1 * 0.5 * (1 + Math.cos(Math.PI * 97 / 195)), Offset.offset(1e-15));
        assertThat(s.rate(199)).isGreaterThan(0).isLessThan(1e-4);
    }

    @Test
    void cosineWithoutWarmupStartsAtTheBaseRateAndHalvesAtMidpoint() {
        LearningRateSchedule s = LearningRateSchedule.cosine(0.2, 0, 10);
        assertThat(s.rate(0)).isEqualTo(0.2);
        assertThat(s.rate(5)).isCloseTo(0.1, Offset.offset(1e-15));
    }

    @Test
    void rejectsWarmupNotShorterThanTraining() {
        assertThatThrownBy(() -> LearningRateSchedule.cosine(0.1, 3, 3)).hasMessageContaining("warmup 3");
    }
}
