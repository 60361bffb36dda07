package org.cram.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cram.api.testing.NdAssertions.assertAllClose;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.cram.api.optim.Optimizer;
import org.cram.api.optim.OptimizerSpec;
import org.cram.api.optim.OptimizerState;
import org.cram.api.optim.StepDiagnostics;
import org.cram.compress.GlobalMagnitudePruning;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer side by side with the plain-Java double reference for several steps (momentum and Adam state
 * included), and every optimizer's state through a binary save/load round trip.
 */
class ReferenceAgreementTest {
    private static final int WEIGHTS = 12;
    private static final int N = WEIGHTS + 3;
    private static final int STEPS = 8;

    /** A named optimizer and the reference configured the same way. */
    record Case(String name, Supplier<OptimizerSpec> spec, Consumer<ReferenceOptimizer> reference) {
        @Override
        public String toString() {
            return name;
        }
    }

    static SgdSpec sgd() {
        return new SgdSpec(0.05, 0.9, 0.0, true, 1e-3);
    }

    static void sgd(ReferenceOptimizer r) {
        r.lr = 0.05;
        r.momentum = 0.9;
        r.nesterov = true;
        r.weightDecay = 1e-3;
    }

    static void adam(ReferenceOptimizer r, ReferenceOptimizer.Base base) {
        r.base = base;
        r.lr = 0.01;
        r.beta1 = 0.8;
        r.beta2 = 0.95;
        r.eps = 1e-6;
        r.weightDecay = 0.02;
    }

    static void twoPass(ReferenceOptimizer r, ReferenceOptimizer.AscentKind ascent, double rho, boolean compress,
                        boolean plus, boolean sparse) {
        r.ascent = ascent;
        r.rho = rho;
        r.compress = compress;
        r.plus = plus;
        r.sparseGradient = sparse;
    }

    static Stream<Case> cases() {
        GlobalMagnitudePruning topK = new GlobalMagnitudePruning();
        AdamSpec adam = new AdamSpec(0.01, 0.8, 0.95, 1e-6, 0.02, false);
        AdamSpec adamW = new AdamSpec(0.01, 0.8, 0.95, 1e-6, 0.02, true);
        var plain = ReferenceOptimizer.AscentKind.PLAIN;
        return Stream.of(
                new Case("sgd", ReferenceAgreementTest::sgd, ReferenceAgreementTest::sgd),
                new Case("adam", () -> adam, r -> adam(r, ReferenceOptimizer.Base.ADAM)),
                new Case("adamw", () -> adamW, r -> adam(r, ReferenceOptimizer.Base.ADAMW)),
                new Case("sam/sgd", () -> CramSpec.sam(sgd(), 0.1), r -> {
                    sgd(r);
                    twoPass(r, ReferenceOptimizer.AscentKind.NORMALIZED, 0.1, false, false, false);
                }),
                new Case("asam/sgd", () -> CramSpec.asam(sgd(), 0.5), r -> {
                    sgd(r);
                    twoPass(r, ReferenceOptimizer.AscentKind.ADAPTIVE, 0.5, false, false, false);
                }),
                new Case("sam/adamw", () -> CramSpec.sam(adamW, 0.1), r -> {
                    adam(r, ReferenceOptimizer.Base.ADAMW);
                    twoPass(r, ReferenceOptimizer.AscentKind.NORMALIZED, 0.1, false, false, false);
                }),
                new Case("cram/sgd", () -> new CramSpec(sgd(), 0.2, CramSpec.sparsityTargets(List.of(0.5)), false,
                        true, Ascent.PLAIN, topK, 1, 3), r -> {
                            sgd(r);
                            twoPass(r, plain, 0.2, true, false, true);
                        }),
                new Case("cram+/sgd", () -> CramSpec.cramPlus(sgd(), 0.2, 0.7, topK, 3), r -> {
                    sgd(r);
                    twoPass(r, plain, 0.2, true, true, true);
                }),
                new Case("cram+/sgd dense straight-through", () -> new CramSpec(sgd(), 0.2,
                        CramSpec.sparsityTargets(List.of(0.7)), true, false, Ascent.PLAIN, topK, 1, 3), r -> {
                            sgd(r);
                            twoPass(r, plain, 0.2, true, true, false);
                        }),
                new Case("cram+/sgd normalized ascent", () -> new CramSpec(sgd(), 0.2,
                        CramSpec.sparsityTargets(List.of(0.7)), true, true, Ascent.NORMALIZED, topK, 1, 3), r -> {
                            sgd(r);
                            twoPass(r, ReferenceOptimizer.AscentKind.NORMALIZED, 0.2, true, true, true);
                        }),
                new Case("cram+-multi/sgd", () -> CramSpec.cramPlusMulti(sgd(), 0.2, List.of(0.3, 0.5, 0.7, 0.9),
                        topK, 11), r -> {
                            sgd(r);
                            twoPass(r, plain, 0.2, true, true, true);
                        }),
                new Case("cram+-multi/adam", () -> CramSpec.cramPlusMulti(adam, 0.2, List.of(0.5, 0.9), topK, 5),
                        r -> {
                            adam(r, ReferenceOptimizer.Base.ADAM);
                            twoPass(r, plain, 0.2, true, true, true);
                        }),
                new Case("cram+-multi/sgd periodic mask k=3", () -> new CramSpec(sgd(), 0.2,
                        CramSpec.sparsityTargets(List.of(0.5, 0.8)), true, true, Ascent.PLAIN, topK, 3, 7), r -> {
                            sgd(r);
                            twoPass(r, plain, 0.2, true, true, true);
                            r.maskRefreshPeriod = 3;
                        }));
    }

    static Stream<Arguments> arguments() {
        return cases().map(Arguments::of);
    }

    private static double[][] problem() {
        return CramClosedFormTest.randomSpd(new SplittableRandom(21), N);
    }

    private static double[] start() {
        SplittableRandom r = new SplittableRandom(22);
        double[] theta = new double[N];
        for (int i = 0; i < N; i++) {
            theta[i] = r.nextDouble() * 2 - 1;
        }
        return theta;
    }

    private static QuadraticObjective objective(double[] theta) {
        return new QuadraticObjective(problem(), Arrays.copyOf(theta, WEIGHTS), new long[] {3, 4},
                Arrays.copyOfRange(theta, WEIGHTS, N));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arguments")
    void agreesWithThePlainJavaReferenceStepByStep(Case c) {
        double[] theta = start();
        QuadraticObjective f = objective(theta);
        Optimizer opt = c.spec().get().create(f.params);
        ReferenceOptimizer ref = new ReferenceOptimizer(problem(), theta, WEIGHTS);
        c.reference().accept(ref);
        for (int step = 0; step < STEPS; step++) {
            StepDiagnostics d = opt.step(f);
            ref.step(d.targetSparsity()); // the reference follows the drawn target; the draw is tested separately
            assertAllClose(QuadraticObjective.flat(f.params), ref.theta, 1e-9, 1e-12);
        }
        assertThat(opt.stepCount()).isEqualTo(STEPS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arguments")
    void saveLoadThenStepEqualsSteppingWithoutTheRoundTrip(Case c) throws Exception {
        QuadraticObjective straight = objective(start());
        Optimizer uninterrupted = c.spec().get().create(straight.params);
        for (int i = 0; i < 4; i++) {
            uninterrupted.step(straight);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        uninterrupted.saveState().write(bytes);

        // a "resumed run": fresh parameters holding the checkpointed values and a fresh optimizer from the spec
        QuadraticObjective resumed = objective(QuadraticObjective.flat(straight.params));
        Optimizer restored = c.spec().get().create(resumed.params);
        restored.loadState(OptimizerState.read(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(restored.stepCount()).isEqualTo(4);
        for (int i = 0; i < 5; i++) {
            uninterrupted.step(straight);
            restored.step(resumed);
            assertThat(QuadraticObjective.flat(resumed.params)).as("step %d after resume", i)
                    .containsExactly(QuadraticObjective.flat(straight.params));
        }
    }
}
