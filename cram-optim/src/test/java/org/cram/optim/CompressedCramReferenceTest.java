package org.cram.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cram.api.testing.NdAssertions.assertAllClose;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.optim.Optimizer;
import org.cram.api.optim.StepDiagnostics;
import org.cram.compress.NOfMPruning;
import org.cram.compress.WeightQuantization;
import org.junit.jupiter.api.Test;

/**
 * CrAM+ with N:M compression (2:4 or 4:8 drawn per step) and with quantization (straight-through gradient) against
 * a plain-Java double reference, on f = 1/2 theta^T A theta over a linear weight [2, 8] and a bias [2].
 */
class CompressedCramReferenceTest {
    private static final int OUT = 2;
    private static final int IN = 8;
    private static final int W = OUT * IN;
    private static final int N = W + 2;
    private static final double RHO = 0.1;
    private static final double LR = 0.05;
    private static final double MU = 0.9;

    private static double[][] a() {
        return CramClosedFormTest.randomSpd(new SplittableRandom(31), N);
    }

    private static double[] start() {
        SplittableRandom r = new SplittableRandom(32);
        double[] t = new double[N];
        for (int i = 0; i < N; i++) {
            t[i] = r.nextDouble() * 2 - 1;
        }
        return t;
    }

    /** Reference N:M on [O, I] in row-major order: groups of M consecutive inputs, stable ascending sort. */
    private static double[] nmMask(double[] point, int n, int m) {
        double[] mask = new double[N];
        Arrays.fill(mask, 1);
        for (int g = 0; g < W; g += m) {
            final int base = g;
            Integer[] idx = new Integer[m];
            for (int j = 0; j < m; j++) {
                idx[j] = j;
            }
            Arrays.sort(idx, Comparator.comparingDouble(j -> Math.abs(point[base + j])));
            for (int j = 0; j < m - n; j++) {
                mask[base + idx[j]] = 0;
            }
        }
        return mask;
    }

    /** Reference symmetric per-output-channel quantization (the fixed version), in place on the weight entries. */
    private static void quantize(double[] point, int bits) {
        double qmax = Math.pow(2, bits - 1) - 1;
        for (int o = 0; o < OUT; o++) {
            double max = 0;
            for (int i = 0; i < IN; i++) {
                max = Math.max(max, Math.abs(point[o * IN + i]));
            }
            double scale = max / qmax;
            for (int i = 0; i < IN; i++) {
                point[o * IN + i] = Math.rint(point[o * IN + i] / scale) * scale;
            }
        }
    }

    /** One reference CrAM+ step with SGD momentum; returns nothing, updates theta and buf in place. */
    private static void referenceStep(double[][] a, double[] theta, double[] buf, boolean first,
                                      CompressionTarget target) {
        double[] g0 = QuadraticObjective.times(a, theta);
        double[] point = new double[N];
        for (int i = 0; i < N; i++) {
            point[i] = theta[i] + RHO * g0[i];
        }
        double[] mask = new double[N];
        Arrays.fill(mask, 1);
        if (target instanceof CompressionTarget.NOfM nm) {
            mask = nmMask(point, nm.n(), nm.m());
            for (int i = 0; i < N; i++) {
                point[i] *= mask[i];
            }
        } else {
            quantize(point, ((CompressionTarget.Bits) target).bits());
        }
        double[] g1 = QuadraticObjective.times(a, point);
        for (int i = 0; i < N; i++) {
            double g = mask[i] * g1[i] + g0[i];
            buf[i] = first ? g : MU * buf[i] + g;
            theta[i] -= LR * buf[i];
        }
    }

    private static Set<CompressionTarget> run(CramSpec spec, int steps) {
        double[] theta = start();
        QuadraticObjective f = new QuadraticObjective(a(), Arrays.copyOf(theta, W), new long[] {OUT, IN},
                Arrays.copyOfRange(theta, W, N));
        Optimizer opt = spec.create(f.params);
        double[] buf = new double[N];
        Set<CompressionTarget> drawn = new HashSet<>();
        for (int s = 0; s < steps; s++) {
            StepDiagnostics d = opt.step(f);
            drawn.add(d.target());
            referenceStep(f.a, theta, buf, s == 0, d.target());
            assertAllClose(QuadraticObjective.flat(f.params), theta, 1e-9, 1e-12);
        }
        return drawn;
    }

    @Test
    void cramPlusWithNofMDrawnPerStepMatchesTheReference() {
        CramSpec spec = new CramSpec(SgdSpec.of(LR, MU, 0), RHO,
                List.of(new CompressionTarget.NOfM(2, 4), new CompressionTarget.NOfM(4, 8)), true, true,
                Ascent.PLAIN, new NOfMPruning(), 1, 13);
        Set<CompressionTarget> drawn = run(spec, 12);
        assertThat(drawn).as("both patterns were drawn").hasSize(2);
    }

    @Test
    void cramPlusWithQuantizationUsesTheStraightThroughGradient() {
        CramSpec spec = new CramSpec(SgdSpec.of(LR, MU, 0), RHO, List.of(new CompressionTarget.Bits(4)), true, true,
                Ascent.PLAIN, new WeightQuantization(true, false), 1, 13);
        assertThat(run(spec, 8)).containsExactly(new CompressionTarget.Bits(4));
    }
}
