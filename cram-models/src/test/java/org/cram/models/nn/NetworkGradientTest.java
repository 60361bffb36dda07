package org.cram.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cram.api.testing.NdAssertions.assertAllClose;

import java.util.List;
import java.util.SplittableRandom;
import org.cram.api.data.Batch;
import org.cram.api.model.ForwardMode;
import org.cram.api.model.Model;
import org.cram.api.param.TensorSet;
import org.cram.models.zoo.ModelZoo;
import org.cram.models.zoo.ModelZoo.ModelSpec;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What CrAM does every step, checked against independent references: many consecutive gradient calls at changing
 * parameter values, with evaluation calls interleaved, must each give exactly what a freshly built model gives,
 * and what finite differences give.
 */
@ExtendWith(SingleNativeThread.class)
class NetworkGradientTest {
    private static final long[] IMAGE = {1, 8, 8};

    private static Network build(String name, DataType type) {
        return ModelZoo.build(new ModelSpec(name, 1, 8, 8, 5, type, 7));
    }

    /** Samples per parameter tensor; resnet20 has 65 tensors, so it samples fewer of each to stay fast. */
    @ParameterizedTest
    @CsvSource({"lenet-300-100, 12", "cnn-bn, 12", "resnet20, 8"})
    void gradientsEqualFiniteDifferencesInDouble(String name, int samples) {
        SplittableRandom random = new SplittableRandom(1);
        Network model = build(name, DataType.DOUBLE);
        Batch batch = GradientChecks.randomBatch(random, 6, IMAGE, 5, DataType.DOUBLE);
        TensorSet grads = TensorSet.zerosLike(model.parameters());
        model.lossAndGradients(batch, grads, ForwardMode.TRAIN_FROZEN_STATS);
        StringBuilder report = new StringBuilder();
        double worst = GradientChecks.worstFiniteDifferenceViolation(model, batch, grads, samples, random, 1e-5,
                1e-8, report);
        assertThat(worst).as("finite-difference mismatches:%n%s", report).isLessThanOrEqualTo(0);
    }

    @ParameterizedTest
    @CsvSource({"lenet-300-100, 4", "cnn-bn, 4", "resnet20, 1"})
    void repeatedGradientCallsWithInterleavedEvaluationMatchAFreshModelAndFiniteDifferences(String name,
                                                                                          int samples) {
        SplittableRandom random = new SplittableRandom(2);
        Network longLived = build(name, DataType.DOUBLE);
        TensorSet grads = TensorSet.zerosLike(longLived.parameters());
        for (int step = 0; step < 24; step++) {
            Batch batch = GradientChecks.randomBatch(random, 6, IMAGE, 5, DataType.DOUBLE);
            perturb(longLived, random, 0.05);
            // evaluation between gradient calls, as a trainer does between epochs and CrAM between passes
            INDArray evalFeatures = GradientChecks.randomBatch(random, 4, IMAGE, 5, DataType.DOUBLE).features();
            longLived.output(evalFeatures, ForwardMode.EVAL);
            Network fresh = copyOf(longLived, name, DataType.DOUBLE);
            ForwardMode mode = step % 2 == 0 ? ForwardMode.TRAIN : ForwardMode.TRAIN_FROZEN_STATS;
            Model.LossResult got = longLived.lossAndGradients(batch, grads, mode);
            TensorSet expected = TensorSet.zerosLike(fresh.parameters());
            Model.LossResult want = fresh.lossAndGradients(batch, expected, mode);
            assertThat(got.loss()).as("loss at step %d", step).isEqualTo(want.loss());
            for (int p = 0; p < grads.size(); p++) {
                assertAllClose(grads.get(p), expected.get(p), 0, 0);
            }
            // the copy took over every (nested) running statistic, and both updated them alike
            assertAllClose(fresh.output(evalFeatures, ForwardMode.EVAL), longLived.output(evalFeatures,
                    ForwardMode.EVAL), 0, 0);
            if (step % 6 == 5) {
                StringBuilder report = new StringBuilder();
                double worst = GradientChecks.worstFiniteDifferenceViolation(longLived, batch, grads, samples,
                        random, 1e-5, 1e-8, report);
                assertThat(worst).as("step %d finite differences:%n%s", step, report).isLessThanOrEqualTo(0);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lenet-300-100", "cnn-bn", "resnet20"})
    void floatTrainingPathIsBitReproducibleAcrossCalls(String name) {
        SplittableRandom random = new SplittableRandom(3);
        Network model = build(name, DataType.FLOAT);
        Batch batch = GradientChecks.randomBatch(random, 16, IMAGE, 5, DataType.FLOAT);
        TensorSet first = TensorSet.zerosLike(model.parameters());
        TensorSet again = TensorSet.zerosLike(model.parameters());
        model.lossAndGradients(batch, first, ForwardMode.TRAIN_FROZEN_STATS);
        for (int i = 0; i < 5; i++) {
            model.output(batch.features(), ForwardMode.EVAL);
            model.lossAndGradients(GradientChecks.randomBatch(random, 8, IMAGE, 5, DataType.FLOAT), again,
                    ForwardMode.TRAIN_FROZEN_STATS);
        }
        model.lossAndGradients(batch, again, ForwardMode.TRAIN_FROZEN_STATS);
        for (int p = 0; p < first.size(); p++) {
            assertAllClose(again.get(p), first.get(p), 0, 0);
        }
    }

    static void perturb(Model model, SplittableRandom random, double scale) {
        for (var p : model.parameters()) {
            INDArray v = p.value();
            INDArray noise = new org.cram.models.nn.Initializer(random.nextLong()).uniform(v.dataType(), -scale,
                    scale, v.shape());
            v.addi(noise);
        }
    }

    /** A newly built model holding the same parameter values and running statistics. */
    static Network copyOf(Network source, String name, DataType type) {
        Network fresh = build(name, type);
        TensorSet.wrap(source.parameters().asList().stream().map(p -> p.value()).toArray(INDArray[]::new))
                .copyTo(fresh.parameters());
        List<BatchNorm2d> from = source.batchNormLayers();
        List<BatchNorm2d> to = fresh.batchNormLayers();
        for (int i = 0; i < from.size(); i++) {
            to.get(i).runningMean().assign(from.get(i).runningMean());
            to.get(i).runningVar().assign(from.get(i).runningVar());
        }
        return fresh;
    }
}
