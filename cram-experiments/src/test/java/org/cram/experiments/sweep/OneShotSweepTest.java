package org.cram.experiments.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.model.ForwardMode;
import org.cram.compress.GlobalMagnitudePruning;
import org.cram.experiments.data.ImageAugmentation;
import org.cram.experiments.data.InMemoryImageDataset;
import org.cram.experiments.train.Evaluator;
import org.cram.models.nn.Network;
import org.cram.models.zoo.ModelZoo;
import org.cram.optim.CramSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class OneShotSweepTest {

    private static InMemoryImageDataset data(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 64];
        int[] y = new int[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
        }
        return new InMemoryImageDataset("noise", x, y, 3, 1, 8, 8);
    }

    private static List<float[]> snapshot(Network m) {
        List<float[]> out = new ArrayList<>();
        m.parameters().forEach(p -> out.add(p.value().dup().data().asFloat()));
        m.batchNormStatistics().forEach(s -> out.add(s.dup().data().asFloat()));
        return out;
    }

    @Test
    void theDenseModelIsBitIdenticalAfterASweepWithBatchNormRetuningAndPointsAreIndependent() {
        Network model = ModelZoo.build(new ModelZoo.ModelSpec("cnn-bn", 1, 8, 8, 3, DataType.FLOAT, 4));
        InMemoryImageDataset train = data(1, 64);
        InMemoryImageDataset test = data(2, 40);
        // give the running statistics non-default values first
        model.output(train.batch(new int[] {0, 1, 2, 3, 4, 5, 6, 7}).features(), ForwardMode.TRAIN);
        List<float[]> before = snapshot(model);
        double denseAccuracy = Evaluator.evaluate(model, test).accuracy();
        OneShotSweep.Retuning retuning = new OneShotSweep.Retuning(true, train, 5, 16,
                new ImageAugmentation(1, 0.5, 0f), 3);

        List<OneShotSweep.Point> points = OneShotSweep.run(model, new GlobalMagnitudePruning(),
                CramSpec.sparsityTargets(List.of(0.9, 0.0, 0.5)), test, retuning, p -> { });

        List<float[]> after = snapshot(model);
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i)).containsExactly(before.get(i));
        }
        // each point starts from the dense model: the 0% point after a 90% point equals the dense accuracy
        assertThat(points.get(1).target()).isEqualTo(CompressionTarget.sparsity(0.0));
        assertThat(points.get(1).accuracy()).isEqualTo(denseAccuracy);
        assertThat(points.get(0).sparsityOfPrunable()).isGreaterThanOrEqualTo(0.9);
        assertThat(points).allSatisfy(p -> assertThat(p.accuracyAfterRetuning()).isBetween(0.0, 1.0));
        // and a 90% sweep point re-tuned twice gives the same numbers (seeded calibration)
        List<OneShotSweep.Point> again = OneShotSweep.run(model, new GlobalMagnitudePruning(),
                CramSpec.sparsityTargets(List.of(0.9)), test, retuning, p -> { });
        assertThat(again.get(0)).isEqualTo(points.get(0));
    }
}
