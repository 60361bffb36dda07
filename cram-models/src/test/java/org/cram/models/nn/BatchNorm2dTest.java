package org.cram.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cram.api.testing.NdAssertions.assertAllClose;

import java.util.SplittableRandom;
import org.cram.api.model.ForwardMode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Batch norm against a plain-Java double reference of torch.nn.BatchNorm2d. */
class BatchNorm2dTest {
    private static final int N = 4;
    private static final int C = 3;
    private static final int H = 5;
    private static final int W = 2;

    private static INDArray input(long seed) {
        return GradientChecks.randomBatch(new SplittableRandom(seed), N, new long[] {C, H, W}, 2, DataType.DOUBLE)
                .features().muli(3).addi(0.5);
    }

    @Test
    void trainingForwardNormalizesWithBatchStatisticsAndUpdatesRunningStatsLikeTorch() {
        BatchNorm2d bn = new BatchNorm2d("bn", C, DataType.DOUBLE);
        bn.parameters().get(0).value().assign(org.nd4j.linalg.factory.Nd4j.createFromArray(1.5, 0.5, 2.0));
        bn.parameters().get(1).value().assign(org.nd4j.linalg.factory.Nd4j.createFromArray(0.1, -0.2, 0.3));
        INDArray x = input(1);
        double[] xs = x.dup().data().asDouble();
        INDArray y = bn.forward(x, ForwardMode.TRAIN).dup();

        double[] expected = new double[xs.length];
        double[] expectedRunningMean = new double[C];
        double[] expectedRunningVar = new double[C];
        int count = N * H * W;
        for (int c = 0; c < C; c++) {
            double sum = 0;
            for (int n = 0; n < N; n++) {
                for (int i = 0; i < H * W; i++) {
                    sum += xs[(n * C + c) * H * W + i];
                }
            }
            double mean = sum / count;
            double sq = 0;
            for (int n = 0; n < N; n++) {
                for (int i = 0; i < H * W; i++) {
                    double d = xs[(n * C + c) * H * W + i] - mean;
                    sq += d * d;
                }
            }
            double biasedVar = sq / count;
            double gamma = new double[] {1.5, 0.5, 2.0}[c];
            double beta = new double[] {0.1, -0.2, 0.3}[c];
            for (int n = 0; n < N; n++) {
                for (int i = 0; i < H * W; i++) {
                    int at = (n * C + c) * H * W + i;
                    expected[at] = (xs[at] - mean) / Math.sqrt(biasedVar + BatchNorm2d.EPSILON) * gamma + beta;
                }
            }
            expectedRunningMean[c] = 0.9 * 0 + 0.1 * mean;
            expectedRunningVar[c] = 0.9 * 1 + 0.1 * sq / (count - 1);
        }
        assertAllClose(y.data().asDouble(), expected, 1e-12, 1e-12);
        assertAllClose(bn.runningMean().data().asDouble(), expectedRunningMean, 1e-12, 1e-14);
        assertAllClose(bn.runningVar().data().asDouble(), expectedRunningVar, 1e-12, 1e-14);
    }

    @Test
    void frozenStatisticsModeLeavesRunningStatsBitIdenticalAndEvalUsesThem() {
        BatchNorm2d bn = new BatchNorm2d("bn", C, DataType.DOUBLE);
        bn.forward(input(2), ForwardMode.TRAIN);
        double[] mean = bn.runningMean().dup().data().asDouble();
        double[] var = bn.runningVar().dup().data().asDouble();
        INDArray trainFrozen = bn.forward(input(3), ForwardMode.TRAIN_FROZEN_STATS).dup();
        assertThat(bn.runningMean().data().asDouble()).containsExactly(mean);
        assertThat(bn.runningVar().data().asDouble()).containsExactly(var);
        // frozen mode still normalizes with the batch's statistics: per-channel output mean is beta (= 0)
        assertThat(trainFrozen.mean(0, 2, 3).amaxNumber().doubleValue()).isLessThan(1e-12);

        INDArray x = input(4);
        double[] xs = x.dup().data().asDouble();
        double[] y = bn.forward(x, ForwardMode.EVAL).dup().data().asDouble();
        for (int i = 0; i < xs.length; i++) {
            int c = (i / (H * W)) % C;
            assertThat(y[i]).isCloseTo((xs[i] - mean[c]) / Math.sqrt(var[c] + BatchNorm2d.EPSILON),
                    org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(bn.runningMean().data().asDouble()).containsExactly(mean);
    }
}
