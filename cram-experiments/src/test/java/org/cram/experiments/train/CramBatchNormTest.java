package org.cram.experiments.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.cram.api.data.Batch;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.TensorSet;
import org.cram.compress.GlobalMagnitudePruning;
import org.cram.models.nn.Initializer;
import org.cram.models.nn.Network;
import org.cram.models.zoo.ModelZoo;
import org.cram.optim.CramSpec;
import org.cram.optim.SgdSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** On a real batch-norm model, a CrAM+ step updates running statistics exactly once: on the clean pass. */
class CramBatchNormTest {

    @Test
    void runningStatisticsAfterACramStepAreBitIdenticalToThoseAfterTheCleanPassAlone() {
        ModelZoo.ModelSpec spec = new ModelZoo.ModelSpec("cnn-bn", 1, 8, 8, 4, DataType.FLOAT, 3);
        Network cram = ModelZoo.build(spec);
        Network cleanOnly = ModelZoo.build(spec);
        INDArray x = new Initializer(5).uniform(DataType.FLOAT, -1, 1, 16, 1, 8, 8);
        int[] labels = new SplittableRandom(1).ints(16, 0, 4).toArray();
        Batch batch = new Batch(x, labels);

        CramSpec.cramPlus(SgdSpec.of(0.1, 0.9, 0), 0.5, 0.7, new GlobalMagnitudePruning(), 1)
                .create(cram.parameters()).step(new BatchObjective(cram, batch));
        cleanOnly.lossAndGradients(batch, TensorSet.zerosLike(cleanOnly.parameters()), ForwardMode.TRAIN);

        List<INDArray> a = cram.batchNormStatistics();
        List<INDArray> b = cleanOnly.batchNormStatistics();
        assertThat(a).hasSize(6);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).data().asFloat()).containsExactly(b.get(i).data().asFloat());
        }
        // and the step did move the weights (the comparison is not vacuous)
        assertThat(cram.parameters().get(0).value().equals(cleanOnly.parameters().get(0).value())).isFalse();
    }
}
