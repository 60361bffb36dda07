package org.cram.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void cosineWithWarmupFollowsTheReferenceFormula() {
        LearningRateSchedule s = LearningRateSchedule.cosine(0.1, 5, 200);
        assertThat(s.rate(0, 0)).isCloseTo(0.02, Offset.offset(1e-15));
        assertThat(s.rate(4, 0)).isCloseTo(0.1, Offset.offset(1e-15));
        assertThat(s.rate(5, 0)).isCloseTo(0.1, Offset.offset(1e-15)); // cos(0) = 1
        assertThat(s.rate(102, 0)).isCloseTo(0.1 * 0.5 * (1 + Math.cos(Math.PI * 97 / 195)), Offset.offset(1e-15));
        assertThat(s.rate(199, 0)).isGreaterThan(0).isLessThan(1e-4);
    }

    @Test
    void cosineWithoutWarmupStartsAtTheBaseRateAndHalvesAtMidpoint() {
        LearningRateSchedule s = LearningRateSchedule.cosine(0.2, 0, 10);
        assertThat(s.rate(0, 0)).isEqualTo(0.2);
        assertThat(s.rate(5, 0)).isCloseTo(0.1, Offset.offset(1e-15));
    }

    @Test
    void stepScheduleDecaysByGammaEveryStepSizeEpochs() {
        LearningRateSchedule s = LearningRateSchedule.step(0.1, 30, 0.1);
        assertThat(s.rate(29, 0)).isEqualTo(0.1);
        assertThat(s.rate(30, 0)).isCloseTo(0.01, Offset.offset(1e-17));
        assertThat(s.rate(65, 0)).isCloseTo(0.001, Offset.offset(1e-18));
    }

    @Test
    void linearWarmupDecayIsPerStepAsHuggingFace() {
        LearningRateSchedule s = LearningRateSchedule.linearWarmupDecay(3e-5, 10, 110);
        assertThat(s.rate(0, 0)).isZero();
        assertThat(s.rate(0, 5)).isCloseTo(1.5e-5, Offset.offset(1e-20));
        assertThat(s.rate(3, 10)).isCloseTo(3e-5, Offset.offset(1e-20));
        assertThat(s.rate(3, 60)).isCloseTo(1.5e-5, Offset.offset(1e-20));
        assertThat(s.rate(9, 110)).isZero();
        assertThat(s.rate(9, 200)).isZero();
        assertThatThrownBy(() -> LearningRateSchedule.linearWarmupDecay(3e-5, 10, 10)).hasMessageContaining("warmup 10");
    }

    @Test
    void rejectsWarmupNotShorterThanTraining() {
        assertThatThrownBy(() -> LearningRateSchedule.cosine(0.1, 3, 3)).hasMessageContaining("warmup 3");
    }
}
