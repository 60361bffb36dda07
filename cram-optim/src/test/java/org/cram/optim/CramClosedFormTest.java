package org.cram.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cram.api.testing.NdAssertions.assertAllClose;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.cram.api.objective.Pass;
import org.cram.api.optim.Optimizer;
import org.cram.api.optim.StepDiagnostics;
import org.cram.compress.GlobalMagnitudePruning;
import org.junit.jupiter.api.Test;

/** CrAM+, CrAM and SAM on f = 1/2 theta^T A theta against hand-computed values and a plain-Java reference. */
class CramClosedFormTest {

    @Test
    void oneCramPlusStepMatchesTheHandComputedClosedForm() {
        // A = diag(1, 2, 3, 4), theta = (1, -1, 0.5, 2), rho = 0.5, k = 0.5, SGD lr 0.1, no momentum, no decay.
        // g0 = A theta = (1, -2, 1.5, 8); theta + rho g0 = (1.5, -2, 1.25, 6)
        // kk = ceil(4 * 0.5) = 2, threshold = 2nd largest |.| = 2, keep |.| > 2 -> M = (0, 0, 0, 1)
        // theta~ = (0, 0, 0, 6); g1 = A theta~ = (0, 0, 0, 24); g = M g1 + g0 = (1, -2, 1.5, 32)
        // theta' = theta - 0.1 g = (0.9, -0.8, 0.35, -1.2)
        double[][] a = diag(1, 2, 3, 4);
        QuadraticObjective f = new QuadraticObjective(a, new double[] {1, -1, 0.5, 2}, new long[] {1, 4},
                new double[0]);
        Optimizer opt = CramSpec.cramPlus(SgdSpec.of(0.1, 0, 0), 0.5, 0.5, new GlobalMagnitudePruning(), 1)
                .create(f.params);
        StepDiagnostics d = opt.step(f);
        assertAllClose(QuadraticObjective.flat(f.params), new double[] {0.9, -0.8, 0.35, -1.2}, 1e-15, 1e-15);
        assertThat(d.cleanLoss()).isEqualTo(0.5 * (1 + 2 + 0.75 + 16));
        assertThat(d.compressedLoss()).isEqualTo(0.5 * 4 * 36);
        assertThat(d.targetSparsity()).isEqualTo(0.5);
        assertThat(d.realizedSparsity()).isEqualTo(0.75);
        assertThat(f.passes).containsExactly(Pass.CLEAN, Pass.PERTURBED);
    }

    @Test
    void cramPlusWithMomentumAndDecayMatchesAPlainJavaReferenceForFiveSteps() {
        SplittableRandom r = new SplittableRandom(11);
        int nw = 6;
        int n = nw + 2;
        double[][] a = randomSpd(r, n);
        double[] theta = new double[n];
        for (int i = 0; i < n; i++) {
            theta[i] = r.nextDouble() * 2 - 1;
        }
        double rho = 0.3;
        double sparsity = 0.5;
        double lr = 0.05;
        double mu = 0.9;
        double wd = 0.01;
        QuadraticObjective f = new QuadraticObjective(a, Arrays.copyOf(theta, nw), new long[] {2, 3},
                Arrays.copyOfRange(theta, nw, n));
        Optimizer opt = CramSpec.cramPlus(SgdSpec.of(lr, mu, wd), rho, sparsity, new GlobalMagnitudePruning(), 1)
                .create(f.params);

        double[] buf = new double[n];
        for (int step = 0; step < 5; step++) {
            opt.step(f);
            // reference: g0, ascent on all entries, Top-K by full sort over the weight entries only
            double[] g0 = QuadraticObjective.times(a, theta);
            double[] perturbed = new double[n];
            for (int i = 0; i < n; i++) {
                perturbed[i] = theta[i] + rho * g0[i];
            }
            double[] mags = new double[nw];
            for (int i = 0; i < nw; i++) {
                mags[i] = Math.abs(perturbed[i]);
            }
            double[] sorted = mags.clone();
            Arrays.sort(sorted);
            int kk = (int) Math.ceil(nw * (1 - sparsity));
            double tau = sorted[nw - kk];
            double[] mask = new double[n];
            for (int i = 0; i < n; i++) {
                mask[i] = i >= nw || mags[i] > tau ? 1 : 0;
                perturbed[i] *= mask[i];
            }
            double[] g1 = QuadraticObjective.times(a, perturbed);
            for (int i = 0; i < n; i++) {
                double g = mask[i] * g1[i] + g0[i]; // mask is 1 on the bias: bias gets g1 + g0
                double dd = g + wd * theta[i];
                buf[i] = step == 0 ? dd : mu * buf[i] + dd;
                theta[i] -= lr * buf[i];
            }
            assertAllClose(QuadraticObjective.flat(f.params), theta, 1e-12, 1e-14);
        }
    }

    @Test
    void samStepIsTheGradientAtTheNormalizedAscentPoint() {
        double[][] a = randomSpd(new SplittableRandom(5), 4);
        double[] theta = {0.3, -0.7, 1.1, 0.2};
        QuadraticObjective f = new QuadraticObjective(a, theta.clone(), new long[] {2, 2}, new double[0]);
        double rho = 0.05;
        CramSpec.sam(SgdSpec.of(0.1, 0, 0), rho).create(f.params).step(f);
        double[] g0 = QuadraticObjective.times(a, theta);
        double norm = Math.sqrt(Arrays.stream(g0).map(x -> x * x).sum());
        double[] ascended = new double[4];
        for (int i = 0; i < 4; i++) {
            ascended[i] = theta[i] + rho * g0[i] / (norm + 1e-12);
        }
        double[] g = QuadraticObjective.times(a, ascended);
        double[] expected = new double[4];
        for (int i = 0; i < 4; i++) {
            expected[i] = theta[i] - 0.1 * g[i];
        }
        assertAllClose(QuadraticObjective.flat(f.params), expected, 1e-13, 1e-15);
    }

    @Test
    void samWithZeroRhoEqualsItsBaseOptimizer() {
        double[][] a = randomSpd(new SplittableRandom(6), 4);
        double[] theta = {0.3, -0.7, 1.1, 0.2};
        QuadraticObjective samF = new QuadraticObjective(a, theta.clone(), new long[] {2, 2}, new double[0]);
        QuadraticObjective sgdF = new QuadraticObjective(a, theta.clone(), new long[] {2, 2}, new double[0]);
        SgdSpec sgd = SgdSpec.of(0.1, 0.9, 1e-3);
        Optimizer sam = CramSpec.sam(sgd, 0).create(samF.params);
        Optimizer base = sgd.create(sgdF.params);
        for (int i = 0; i < 5; i++) {
            sam.step(samF);
            base.step(sgdF);
        }
        assertThat(QuadraticObjective.flat(samF.params)).containsExactly(QuadraticObjective.flat(sgdF.params));
    }

    @Test
    void cramWithNormalizedAscentZeroSparsityAndDenseGradientReducesToSam() {
        double[][] a = randomSpd(new SplittableRandom(7), 4);
        double[] theta = {0.3, -0.7, 1.1, 0.2};
        QuadraticObjective cramF = new QuadraticObjective(a, theta.clone(), new long[] {2, 2}, new double[0]);
        QuadraticObjective samF = new QuadraticObjective(a, theta.clone(), new long[] {2, 2}, new double[0]);
        SgdSpec sgd = SgdSpec.of(0.1, 0.9, 0);
        Optimizer cram = new CramSpec(sgd, 0.05, CramSpec.sparsityTargets(List.of(0.0)), false, false,
                Ascent.NORMALIZED, new GlobalMagnitudePruning(), 1, 1).create(cramF.params);
        Optimizer sam = CramSpec.sam(sgd, 0.05).create(samF.params);
        for (int i = 0; i < 5; i++) {
            cram.step(cramF);
            sam.step(samF);
        }
        assertThat(QuadraticObjective.flat(cramF.params)).containsExactly(QuadraticObjective.flat(samF.params));
    }

    @Test
    void invalidHyperParametersAreRejectedNamingTheKeyAndValue() {
        assertThatThrownBy(() -> SgdSpec.of(-0.1, 0.9, 0)).hasMessageContaining("sgd.lr").hasMessageContaining("-0.1");
        assertThatThrownBy(() -> SgdSpec.of(0.1, 1.5, 0)).hasMessageContaining("sgd.momentum")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> CramSpec.cramPlus(SgdSpec.of(0.1, 0, 0), 0.05, 1.2, new GlobalMagnitudePruning(), 1))
                .hasMessageContaining("1.2").hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> CramSpec.cramPlus(SgdSpec.of(0.1, 0, 0), -1, 0.5, new GlobalMagnitudePruning(), 1))
                .hasMessageContaining("optimizer.rho");
    }

    static double[][] diag(double... d) {
        double[][] a = new double[d.length][d.length];
        for (int i = 0; i < d.length; i++) {
            a[i][i] = d[i];
        }
        return a;
    }

    /** B^T B + I: symmetric positive definite. */
    static double[][] randomSpd(SplittableRandom r, int n) {
        double[][] b = new double[n][n];
        for (double[] row : b) {
            for (int j = 0; j < n; j++) {
                row[j] = r.nextDouble() - 0.5;
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += b[k][i] * b[k][j];
                }
            }
            a[i][i] += 1;
        }
        return a;
    }
}
