package org.cram.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradualPruningScheduleTest {

    /** The pruning steps listed by walking from t0 in strides of k, plus t1. */
    private static List<Long> pruningSteps(long t0, long t1, long k) {
        List<Long> out = new ArrayList<>();
        for (long p = t0; p <= t1; p += k) {
            out.add(p);
        }
        if (out.get(out.size() - 1) != t1) {
            out.add(t1);
        }
        return out;
    }

    /** Zhu and Gupta's closed form at a pruning step, in doubles with Math.pow. */
    private static double cubic(long p, double si, double sf, long t0, long t1) {
        return sf + (si - sf) * Math.pow(1 - (p - t0) / (double) (t1 - t0), 3);
    }

    private static void agreesWithTheClosedFormAtEveryStep(double sf, double si, long t0, long t1, long k) {
        GradualPruningSchedule s = new GradualPruningSchedule(sf, si, t0, t1, k);
        List<Long> points = pruningSteps(t0, t1, k);
        double current = 0.0; // nothing pruned before the first pruning step
        for (long t = 0; t <= t1 + 3 * k + 5; t++) {
            if (points.contains(t)) {
                current = cubic(t, si, sf, t0, t1);
            }
            assertThat(s.isPruningStep(t)).as("isPruningStep(%d)", t).isEqualTo(points.contains(t));
            assertThat(s.sparsityAt(t)).as("sparsityAt(%d)", t).isCloseTo(current, within(1e-12));
        }
        assertThat(s.sparsityAt(t1)).isEqualTo(sf);
        assertThat(s.sparsityAt(t1 + 1_000_000)).isEqualTo(sf);
    }

    @Test
    void followsTheCubicClosedFormPiecewiseConstantBetweenPruningSteps() {
        agreesWithTheClosedFormAtEveryStep(0.9, 0.0, 0, 100, 10);
        agreesWithTheClosedFormAtEveryStep(0.8, 0.0, 7, 45, 10); // 45 - 7 is not a multiple of 10
        agreesWithTheClosedFormAtEveryStep(0.95, 0.3, 12, 40, 1);
        agreesWithTheClosedFormAtEveryStep(0.5, 0.5, 3, 9, 4);
    }

    @Test
    void handComputedValues() {
        GradualPruningSchedule s = GradualPruningSchedule.of(0.9, 0, 100, 10);
        assertThat(s.sparsityAt(0)).isZero();
        assertThat(s.sparsityAt(9)).isZero();
        assertThat(s.sparsityAt(50)).isCloseTo(0.9 * (1 - 0.125), within(1e-15));
        assertThat(s.sparsityAt(55)).isEqualTo(s.sparsityAt(50));
        assertThat(s.sparsityAt(99)).isCloseTo(0.9 * (1 - 0.001), within(1e-15));
        assertThat(s.sparsityAt(100)).isEqualTo(0.9);

        GradualPruningSchedule late = new GradualPruningSchedule(0.8, 0.2, 10, 45, 10);
        assertThat(late.sparsityAt(9)).as("before the start nothing is pruned, not even s_i").isZero();
        assertThat(late.sparsityAt(10)).isEqualTo(0.2);
        assertThat(late.isPruningStep(40)).isTrue();
        assertThat(late.isPruningStep(45)).as("the end step always prunes").isTrue();
        assertThat(late.isPruningStep(50)).isFalse();
        assertThat(late.sparsityAt(44)).isCloseTo(0.8 - 0.6 * Math.pow(5.0 / 35, 3), within(1e-15));
    }

    @Test
    void invalidValuesAreNamedWithWhatIsExpected() {
        assertThatThrownBy(() -> GradualPruningSchedule.of(1.2, 0, 10, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("optimizer.final_sparsity").hasMessageContaining("[0.0, 1.0)")
                .hasMessageContaining("got 1.2");
        assertThatThrownBy(() -> GradualPruningSchedule.of(1.0, 0, 10, 1))
                .hasMessageContaining("optimizer.final_sparsity");
        assertThatThrownBy(() -> GradualPruningSchedule.of(Double.NaN, 0, 10, 1))
                .hasMessageContaining("optimizer.final_sparsity");
        assertThatThrownBy(() -> new GradualPruningSchedule(0.5, 0.6, 0, 10, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("optimizer.initial_sparsity").hasMessageContaining("got 0.6");
        assertThatThrownBy(() -> GradualPruningSchedule.of(0.5, -1, 10, 1))
                .hasMessageContaining("optimizer.start_step must be >= 0, got -1");
        assertThatThrownBy(() -> GradualPruningSchedule.of(0.5, 10, 10, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("optimizer.end_step must be > start_step = 10, got 10");
        assertThatThrownBy(() -> GradualPruningSchedule.of(0.5, 0, 10, 0))
                .hasMessageContaining("optimizer.prune_every must be >= 1 step, got 0");
    }
}
