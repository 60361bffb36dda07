package org.cram.optim;

import static org.cram.api.testing.NdAssertions.assertAllClose;

import java.util.SplittableRandom;
import org.cram.api.optim.Optimizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SGD against a plain-Java double transcription of torch.optim.SGD.step. */
class SgdReferenceTest {

    @ParameterizedTest(name = "momentum={0} dampening={1} nesterov={2} wd={3}")
    @CsvSource({"0,0,false,0", "0.9,0,false,0.0005", "0.9,0.1,false,0.01", "0.9,0,true,0.0001"})
    void matchesTorchSemanticsOverSixSteps(double momentum, double dampening, boolean nesterov, double wd) {
        SplittableRandom r = new SplittableRandom(3);
        double[][] a = CramClosedFormTest.randomSpd(r, 5);
        double[] theta = {0.5, -0.25, 1.0, 0.75, -1.5};
        QuadraticObjective f = new QuadraticObjective(a, java.util.Arrays.copyOf(theta, 4), new long[] {2, 2},
                new double[] {theta[4]});
        double lr = 0.07;
        Optimizer opt = new SgdSpec(lr, momentum, dampening, nesterov, wd).create(f.params);
        double[] buf = new double[5];
        for (int step = 0; step < 6; step++) {
            opt.step(f);
            double[] g = QuadraticObjective.times(a, theta);
            for (int i = 0; i < 5; i++) {
                double d = g[i] + wd * theta[i];
                if (momentum != 0) {
                    buf[i] = step == 0 ? d : momentum * buf[i] + (1 - dampening) * d;
                    d = nesterov ? d + momentum * buf[i] : buf[i];
                }
                theta[i] -= lr * d;
            }
            assertAllClose(QuadraticObjective.flat(f.params), theta, 1e-13, 1e-15);
        }
    }
}
