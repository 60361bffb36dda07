package org.cram.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.objective.Pass;
import org.cram.api.optim.Optimizer;
import org.cram.api.param.TensorSet;
import org.cram.compress.GlobalMagnitudePruning;
import org.junit.jupiter.api.Test;

class GuardsAndValidationTest {

    /** A quadratic whose gradient becomes NaN on a chosen call. */
    private static final class PoisonedObjective implements org.cram.api.objective.Objective {
        final QuadraticObjective inner = new QuadraticObjective(CramClosedFormTest.randomSpd(
                new java.util.SplittableRandom(1), 6), new double[] {0.5, -0.2, 0.3, 0.9}, new long[] {2, 2},
                new double[] {0.1, -0.4});
        int calls;
        final int poisonedCall;
        final double poison;

        PoisonedObjective(int poisonedCall, double poison) {
            this.poisonedCall = poisonedCall;
            this.poison = poison;
        }

        @Override
        public org.cram.api.param.ParameterSet parameters() {
            return inner.params;
        }

        @Override
        public double lossAndGradients(TensorSet gradients, Pass pass) {
            double loss = inner.lossAndGradients(gradients, pass);
            if (++calls == poisonedCall) {
                gradients.get(0).putScalar(1, poison);
            }
            return loss;
        }
    }

    @Test
    void aNanGradientStopsTheStepAndLeavesTheWeightsAsTheyWere() {
        for (int poisoned : new int[] {3, 4}) { // clean pass and compressed pass of the second CrAM+ step
            PoisonedObjective f = new PoisonedObjective(poisoned, Double.NaN);
            Optimizer opt = CramSpec.cramPlus(SgdSpec.of(0.1, 0.9, 0), 0.1, 0.5, new GlobalMagnitudePruning(), 1)
                    .create(f.inner.params);
            opt.step(f);
            double[] before = QuadraticObjective.flat(f.inner.params);
            assertThatThrownBy(() -> opt.step(f)).isInstanceOf(ArithmeticException.class)
                    .hasMessageContaining("not finite").hasMessageContaining("step 1")
                    .hasMessageContaining("weights were left unchanged");
            assertThat(QuadraticObjective.flat(f.inner.params)).containsExactly(before);
            assertThat(opt.stepCount()).isEqualTo(1);
        }
    }

    @Test
    void anInfiniteGradientStopsASingleStepOptimizerToo() {
        PoisonedObjective f = new PoisonedObjective(1, Double.POSITIVE_INFINITY);
        Optimizer opt = AdamSpec.adam(0.01).create(f.inner.params);
        double[] before = QuadraticObjective.flat(f.inner.params);
        assertThatThrownBy(() -> opt.step(f)).isInstanceOf(ArithmeticException.class).hasMessageContaining("Infinity");
        assertThat(QuadraticObjective.flat(f.inner.params)).containsExactly(before);
    }

    @Test
    void badHyperParametersFailAtConstructionNamingTheValue() {
        GlobalMagnitudePruning topK = new GlobalMagnitudePruning();
        assertThatThrownBy(() -> CramSpec.cramPlus(SgdSpec.of(0.1, 0, 0), Double.NaN, 0.5, topK, 1))
                .hasMessageContaining("optimizer.rho").hasMessageContaining("NaN");
        assertThatThrownBy(() -> CramSpec.sam(SgdSpec.of(0.1, 0, 0), -0.05))
                .hasMessageContaining("optimizer.rho").hasMessageContaining("-0.05");
        assertThatThrownBy(() -> SgdSpec.of(0, 0, 0)).hasMessageContaining("sgd.lr").hasMessageContaining("0.0");
        assertThatThrownBy(() -> SgdSpec.of(Double.NaN, 0, 0)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> AdamSpec.adam(-1)).hasMessageContaining("adam.lr");
        assertThatThrownBy(() -> new AdamSpec(0.1, 1.0, 0.99, 1e-8, 0, true)).hasMessageContaining("adamw.beta1");
        assertThatThrownBy(() -> CramSpec.cramPlusMulti(SgdSpec.of(0.1, 0, 0), 0.05, List.of(), topK, 1))
                .hasMessageContaining("at least one target");
        assertThatThrownBy(() -> CramSpec.cramPlusMulti(SgdSpec.of(0.1, 0, 0), 0.05, List.of(0.5, 1.0), topK, 1))
                .hasMessageContaining("1.0").hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> new CompressionTarget.NOfM(4, 2)).hasMessageContaining("4:2");
        assertThatThrownBy(() -> new CramSpec(SgdSpec.of(0.1, 0, 0), 0.05, List.of(new CompressionTarget.NOfM(2, 4)),
                true, true, Ascent.PLAIN, topK, 1, 1)).hasMessageContaining("does not support 2:4");
        assertThatThrownBy(() -> new CramSpec(SgdSpec.of(0.1, 0, 0), 0.05, CramSpec.sparsityTargets(List.of(0.5)),
                true, true, Ascent.PLAIN, topK, 0, 1)).hasMessageContaining("mask_refresh_period");
    }

    @Test
    void samplerDrawsEveryTargetAboutEquallyReproduciblyAndResumesFromItsState() {
        List<CompressionTarget> targets = CramSpec.sparsityTargets(List.of(0.5, 0.7, 0.9));
        TargetSampler a = new TargetSampler(targets, 42);
        TargetSampler b = new TargetSampler(targets, 42);
        TargetSampler other = new TargetSampler(targets, 43);
        Map<CompressionTarget, Integer> counts = new HashMap<>();
        boolean differs = false;
        for (int i = 0; i < 30_000; i++) {
            CompressionTarget t = a.next();
            assertThat(b.next()).isEqualTo(t);
            differs |= !other.next().equals(t);
            counts.merge(t, 1, Integer::sum);
        }
        assertThat(differs).isTrue();
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(9_500, 10_500));
        TargetSampler resumed = new TargetSampler(targets, 0);
        resumed.setState(a.state());
        for (int i = 0; i < 100; i++) {
            assertThat(resumed.next()).isEqualTo(a.next());
        }
    }

    @Test
    void loadingAnotherOptimizersStateIsRejected() {
        QuadraticObjective f = new QuadraticObjective(CramClosedFormTest.diag(1, 2), new double[] {1, 2},
                new long[] {1, 2}, new double[0]);
        var state = AdamSpec.adam(0.1).create(f.params).saveState();
        assertThatThrownBy(() -> SgdSpec.of(0.1, 0.9, 0).create(f.params).loadState(state))
                .hasMessageContaining("'adam'").hasMessageContaining("'sgd'");
    }
}
