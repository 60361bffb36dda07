package org.cram.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;
import org.cram.api.optim.OptimizerState;
import org.cram.api.optim.StepDiagnostics;
import org.cram.compress.GlobalMagnitudePruning;
import org.cram.compress.KeepRule;
import org.cram.compress.NOfMPruning;
import org.junit.jupiter.api.Test;

/** GMP on f = 1/2 theta^T A theta over a prunable weight [6, 10] and a non-prunable bias [2]. */
class GradualPruningOptimizerTest {
    private static final int W = 60;
    private static final int N = W + 2;
    private static final double[][] A = CramClosedFormTest.randomSpd(new SplittableRandom(41), N);

    private static QuadraticObjective problem(double[] theta) {
        return new QuadraticObjective(A, Arrays.copyOf(theta, W), new long[] {6, 10},
                Arrays.copyOfRange(theta, W, N));
    }

    private static QuadraticObjective problem() {
        SplittableRandom r = new SplittableRandom(42);
        double[] theta = new double[N];
        for (int i = 0; i < N; i++) {
            theta[i] = r.nextDouble() * 2 - 1;
        }
        return problem(theta);
    }

    private static GradualPruningSpec spec(BaseOptimizerSpec base, GradualPruningSchedule schedule) {
        return new GradualPruningSpec(base, new GlobalMagnitudePruning(), schedule);
    }

    private static BitSet zeros(QuadraticObjective f) {
        double[] theta = QuadraticObjective.flat(f.params);
        BitSet z = new BitSet();
        for (int i = 0; i < W; i++) {
            if (theta[i] == 0.0) {
                z.set(i);
            }
        }
        return z;
    }

    @Test
    void sparsityFollowsTheScheduleAtPruningStepsAndTheZerosStayPutBetweenThem() {
        GradualPruningSchedule schedule = GradualPruningSchedule.of(0.8, 3, 23, 4);
        QuadraticObjective f = problem();
        GradualPruningOptimizer opt = (GradualPruningOptimizer) spec(SgdSpec.of(0.01, 0.9, 1e-4), schedule)
                .create(f.params);
        BitSet previous = zeros(f);
        assertThat(previous.isEmpty()).isTrue();
        int pruningSteps = 0;
        for (int step = 1; step <= 35; step++) {
            StepDiagnostics d = opt.step(f);
            BitSet now = zeros(f);
            double s = schedule.sparsityAt(step);
            assertThat(d.targetSparsity()).isEqualTo(s);
            assertThat(d.realizedSparsity()).as("step %d", step).isEqualTo(now.cardinality() / (double) W);
            if (schedule.isPruningStep(step)) {
                pruningSteps++;
                assertThat(d.target()).isNotNull();
                assertThat(Math.abs(now.cardinality() - W * s)).as("zeros at step %d, s = %s", step, s)
                        .isLessThanOrEqualTo(1.0);
                if (s > 0) {
                    assertThat(now.cardinality()).isEqualTo(W - KeepRule.REFERENCE.keepCount(W, s));
                }
                BitSet kept = (BitSet) previous.clone();
                kept.andNot(now);
                assertThat(kept.isEmpty()).as("a pruned weight came back at step %d", step).isTrue();
            } else {
                assertThat(d.target()).isNull();
                assertThat(now).as("zero positions between pruning steps, step %d", step).isEqualTo(previous);
            }
            double[] theta = QuadraticObjective.flat(f.params);
            assertThat(theta[W]).isNotZero();
            assertThat(theta[W + 1]).isNotZero();
            previous = now;
        }
        assertThat(pruningSteps).isEqualTo(6); // 3, 7, 11, 15, 19, 23
        assertThat(zeros(f).cardinality()).isEqualTo(W - KeepRule.REFERENCE.keepCount(W, 0.8));
        assertThat(opt.mask().sparsity()).isEqualTo(zeros(f).cardinality() / (double) W);
    }

    @Test
    void theFinalSparsityIsReachedAtTheEndStep() {
        GradualPruningSchedule schedule = GradualPruningSchedule.of(0.9, 0, 10, 3); // prunes at 0, 3, 6, 9, 10
        QuadraticObjective f = problem();
        GradualPruningOptimizer opt = (GradualPruningOptimizer) spec(AdamSpec.adam(0.01), schedule).create(f.params);
        for (int step = 1; step <= 9; step++) {
            opt.step(f);
        }
        assertThat(zeros(f).cardinality()).isLessThan(W - (int) KeepRule.REFERENCE.keepCount(W, 0.9));
        StepDiagnostics d = opt.step(f);
        assertThat(d.targetSparsity()).isEqualTo(0.9);
        assertThat(zeros(f).cardinality()).isEqualTo(W - KeepRule.REFERENCE.keepCount(W, 0.9));
    }

    @Test
    void theMaskIsReappliedAfterEveryStepBetweenPruningSteps() {
        // one pruning at step 1, the next only at step 50: steps 2..10 must keep the pruned weights at zero although
        // the base step moves them (A is dense, so their gradient is not zero)
        GradualPruningSchedule schedule = new GradualPruningSchedule(0.5, 0.5, 1, 50, 49);
        QuadraticObjective f = problem();
        GradualPruningOptimizer opt = (GradualPruningOptimizer) spec(SgdSpec.of(0.01, 0.9, 0), schedule)
                .create(f.params);
        opt.step(f);
        BitSet pruned = zeros(f);
        assertThat(pruned.cardinality()).isEqualTo(W - KeepRule.REFERENCE.keepCount(W, 0.5));
        for (int step = 2; step <= 10; step++) {
            double[] gradient = QuadraticObjective.times(A, QuadraticObjective.flat(f.params));
            assertThat(pruned.stream().filter(i -> gradient[i] != 0).count()).isEqualTo(pruned.cardinality());
            StepDiagnostics d = opt.step(f);
            assertThat(d.target()).isNull();
            assertThat(d.realizedSparsity()).isEqualTo(pruned.cardinality() / (double) W);
            assertThat(zeros(f)).as("step %d", step).isEqualTo(pruned);
        }
    }

    @Test
    void saveLoadAndStepEqualsAnUninterruptedRunBitForBit() throws Exception {
        GradualPruningSchedule schedule = GradualPruningSchedule.of(0.75, 2, 20, 3);
        GradualPruningSpec spec = spec(SgdSpec.of(0.01, 0.9, 1e-4), schedule);
        QuadraticObjective f = problem();
        GradualPruningOptimizer opt = (GradualPruningOptimizer) spec.create(f.params);
        for (int i = 0; i < 7; i++) { // past the pruning steps 2 and 5, between 5 and 8
            opt.step(f);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        opt.saveState().write(bytes);
        QuadraticObjective resumed = problem(QuadraticObjective.flat(f.params));
        GradualPruningOptimizer restored = (GradualPruningOptimizer) spec.create(resumed.params);
        restored.loadState(OptimizerState.read(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(restored.stepCount()).isEqualTo(7);
        assertThat(restored.mask().sparsity()).isEqualTo(opt.mask().sparsity()).isPositive();
        for (int i = 0; i < 16; i++) { // crosses the pruning steps 8 .. 20
            StepDiagnostics a = opt.step(f);
            StepDiagnostics b = restored.step(resumed);
            assertThat(b.cleanLoss()).isEqualTo(a.cleanLoss());
            assertThat(QuadraticObjective.flat(resumed.params)).containsExactly(QuadraticObjective.flat(f.params));
        }
    }

    @Test
    void theMaskIsPartOfTheStateAndForeignStatesAreRefused() {
        GradualPruningSpec spec = spec(SgdSpec.of(0.01, 0.9, 0), GradualPruningSchedule.of(0.5, 1, 10, 100));
        QuadraticObjective f = problem();
        GradualPruningOptimizer opt = (GradualPruningOptimizer) spec.create(f.params);
        opt.step(f);
        OptimizerState state = opt.saveState();
        assertThat(state.kind()).isEqualTo("gradual/sgd");
        assertThat(state.arrayNames()).contains("gradual_mask.0").doesNotContain("gradual_mask.1");
        OptimizerState plain = SgdSpec.of(0.01, 0.9, 0).create(f.params).saveState();
        assertThatThrownBy(() -> spec.create(problem().params).loadState(plain))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'sgd'")
                .hasMessageContaining("gradual");
    }

    @Test
    void theSpecDescribesItselfAndNeedsASparsityCompressor() {
        GradualPruningSpec spec = spec(SgdSpec.of(0.1, 0.9, 5e-4), GradualPruningSchedule.of(0.9, 10, 100, 5));
        assertThat(spec.name()).isEqualTo("gmp");
        assertThat(spec.learningRate()).isEqualTo(0.1);
        assertThat(spec.describe()).containsEntry("base", "sgd").containsEntry("base.momentum", 0.9)
                .containsEntry("compressor", "global-magnitude").containsEntry("final_sparsity", 0.9)
                .containsEntry("start_step", 10L).containsEntry("end_step", 100L).containsEntry("prune_every", 5L);
        assertThatThrownBy(() -> new GradualPruningSpec(SgdSpec.of(0.1, 0, 0), new NOfMPruning(),
                GradualPruningSchedule.of(0.5, 0, 10, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n-of-m")
                .hasMessageContaining("sparsity");
    }
}
