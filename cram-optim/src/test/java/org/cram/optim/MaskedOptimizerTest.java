package org.cram.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Mask;
import org.cram.api.optim.OptimizerState;
import org.cram.compress.GlobalMagnitudePruning;
import org.junit.jupiter.api.Test;

class MaskedOptimizerTest {

    private static QuadraticObjective problem() {
        return new QuadraticObjective(CramClosedFormTest.randomSpd(new SplittableRandom(3), 8),
                new double[] {0.9, -0.1, 0.5, 0.05, -0.7, 0.3}, new long[] {2, 3}, new double[] {0.2, -0.2});
    }

    @Test
    void prunedWeightsStayZeroWhileTheOthersTrainExactlyAsTheBaseOnTheMaskedProblem() {
        QuadraticObjective f = problem();
        Mask mask = new GlobalMagnitudePruning().compress(f.params, CompressionTarget.sparsity(0.5));
        MaskedOptimizer opt = new MaskedOptimizer(SgdSpec.of(0.05, 0.9, 0).create(f.params), f.params, mask);
        double[] theta = QuadraticObjective.flat(f.params);
        double[] m = {1, 1, 1, 1, 1, 1, 1, 1};
        double[] maskValues = mask.entries().get(0).data().asDouble();
        System.arraycopy(maskValues, 0, m, 0, 6);
        double[] buf = new double[8];
        for (int step = 0; step < 6; step++) {
            opt.step(f);
            double[] g = QuadraticObjective.times(f.a, theta);
            for (int i = 0; i < 8; i++) {
                buf[i] = step == 0 ? g[i] : 0.9 * buf[i] + g[i];
                theta[i] = (theta[i] - 0.05 * buf[i]) * m[i];
            }
            org.cram.api.testing.NdAssertions.assertAllClose(QuadraticObjective.flat(f.params), theta, 1e-12, 1e-15);
        }
        assertThat(mask.zeroCount()).isEqualTo(4); // kk = ceil(6*0.5) = 3 -> keeps 2 of 6
        for (int i = 0; i < 6; i++) {
            if (maskValues[i] == 0) {
                assertThat(f.params.get(0).value().getDouble(i)).isZero();
            }
        }
    }

    @Test
    void theFixedMaskTravelsWithTheSavedState() throws Exception {
        QuadraticObjective f = problem();
        Mask mask = new GlobalMagnitudePruning().compress(f.params, CompressionTarget.sparsity(0.5));
        MaskedOptimizer opt = new MaskedOptimizer(AdamSpec.adam(0.01).create(f.params), f.params, mask);
        opt.step(f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        opt.saveState().write(bytes);
        // a resumed optimizer starts with an all-ones mask and must get the real one from the state
        QuadraticObjective resumed = new QuadraticObjective(f.a, java.util.Arrays.copyOf(
                QuadraticObjective.flat(f.params), 6), new long[] {2, 3}, java.util.Arrays.copyOfRange(
                QuadraticObjective.flat(f.params), 6, 8));
        MaskedOptimizer restored = new MaskedOptimizer(AdamSpec.adam(0.01).create(resumed.params), resumed.params,
                Mask.none());
        restored.loadState(OptimizerState.read(new ByteArrayInputStream(bytes.toByteArray())));
        for (int i = 0; i < 3; i++) {
            opt.step(f);
            restored.step(resumed);
        }
        assertThat(QuadraticObjective.flat(resumed.params)).containsExactly(QuadraticObjective.flat(f.params));
    }
}
