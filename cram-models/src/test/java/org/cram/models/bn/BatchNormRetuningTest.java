package org.cram.models.bn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cram.api.testing.NdAssertions.assertAllClose;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cram.api.model.ForwardMode;
import org.cram.models.nn.BatchNorm2d;
import org.cram.models.nn.Initializer;
import org.cram.models.nn.Network;
import org.cram.models.zoo.ModelZoo;
import org.cram.models.zoo.ModelZoo.ModelSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class BatchNormRetuningTest {

    @Test
    void runningStatisticsEqualTheEmaOfBatchStatisticsFromZeroAndOne() {
        // A network whose first layer is batch norm, so the layer's input is the raw batch we can reference.
        Network net = new Network("bn-only", DataType.DOUBLE, List.of(new BatchNorm2d("bn", 2, DataType.DOUBLE)));
        BatchNorm2d bn = net.batchNormLayers().get(0);
        SplittableRandom r = new SplittableRandom(9);
        // spoil the statistics first: re-tuning must start from a reset
        bn.runningMean().assign(5);
        bn.runningVar().assign(7);
        List<INDArray> batches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batches.add(new Initializer(r.nextLong()).uniform(DataType.DOUBLE, -2, 3, 4, 2, 3, 3));
        }
        int passes = 7; // cycles through the 3 batches: 0 1 2 0 1 2 0
        Iterator cycling = new Iterator(batches);
        BatchNormRetuning.retune(net, cycling, passes);
        assertThat(cycling.taken).isEqualTo(passes);

        double[] mean = {0, 0};
        double[] var = {1, 1};
        for (int p = 0; p < passes; p++) {
            double[] x = batches.get(p % 3).data().asDouble();
            for (int c = 0; c < 2; c++) {
                double s = 0;
                int n = 0;
                for (int b = 0; b < 4; b++) {
                    for (int i = 0; i < 9; i++) {
                        s += x[(b * 2 + c) * 9 + i];
                        n++;
                    }
                }
                double m = s / n;
                double sq = 0;
                for (int b = 0; b < 4; b++) {
                    for (int i = 0; i < 9; i++) {
                        double d = x[(b * 2 + c) * 9 + i] - m;
                        sq += d * d;
                    }
                }
                mean[c] = 0.9 * mean[c] + 0.1 * m;
                var[c] = 0.9 * var[c] + 0.1 * sq / (n - 1);
            }
        }
        assertAllClose(bn.runningMean().data().asDouble(), mean, 1e-12, 1e-14);
        assertAllClose(bn.runningVar().data().asDouble(), var, 1e-12, 1e-14);
    }

    @Test
    void leavesWeightsUntouched() {
        Network net = ModelZoo.build(new ModelSpec("cnn-bn", 1, 8, 8, 3, DataType.FLOAT, 1));
        List<double[]> before = new ArrayList<>();
        net.parameters().forEach(p -> before.add(p.value().dup().data().asDouble()));
        INDArray x = new Initializer(2).uniform(DataType.FLOAT, -1, 1, 5, 1, 8, 8);
        BatchNormRetuning.retune(net, new Iterator(List.of(x)), 3);
        for (int i = 0; i < before.size(); i++) {
            assertThat(net.parameters().get(i).value().data().asDouble()).containsExactly(before.get(i));
        }
        assertThat(net.output(x, ForwardMode.EVAL).isNaN().any()).isFalse();
    }

    /** Cycles through fixed batches and counts what it hands out. */
    private static final class Iterator implements java.util.Iterator<INDArray> {
        private final List<INDArray> batches;
        int taken;

        Iterator(List<INDArray> batches) {
            this.batches = batches;
        }

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public INDArray next() {
            return batches.get(taken++ % batches.size());
        }
    }
}
