package org.cram.experiments.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cram.api.objective.Objective;
import org.cram.api.optim.Optimizer;
import org.cram.api.optim.StepDiagnostics;
import org.cram.api.train.TrainingListener;
import org.cram.experiments.data.BatchLoader;
import org.cram.experiments.data.InMemoryImageDataset;
import org.cram.models.zoo.ModelZoo;
import org.cram.optim.LearningRateSchedule;
import org.cram.optim.SgdSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class TrainerTest {

    private static InMemoryImageDataset tinyData(int n) {
        float[] x = new float[n * 16];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 16; j++) {
                x[i * 16 + j] = (y[i] == 0 ? 1 : -1) * (j + 1) / 16f; // linearly separable
            }
        }
        return new InMemoryImageDataset("tiny", x, y, 2, 1, 4, 4);
    }

    /** Records the call order a listener sees. */
    private static final class Recorder implements TrainingListener {
        final List<String> events = new ArrayList<>();
        Throwable failure;

        @Override
        public void onTrainingStart(int epochs, int stepsPerEpoch) {
            events.add("start " + epochs + "x" + stepsPerEpoch);
        }

        @Override
        public void onStep(int epoch, long step, StepDiagnostics d, double acc, double seconds) {
            events.add("step " + epoch + ":" + step);
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> metrics) {
            events.add("epoch " + epoch + " " + metrics.keySet());
        }

        @Override
        public void onTrainingEnd(Throwable failure) {
            this.failure = failure;
            events.add("end");
        }
    }

    @Test
    void listenersSeeTheDocumentedCallOrderAndTheModelLearns() {
        InMemoryImageDataset data = tinyData(32);
        var model = ModelZoo.build(new ModelZoo.ModelSpec("lenet-300-100", 1, 4, 4, 2, DataType.FLOAT, 1));
        Recorder r = new Recorder();
        Trainer.Result result = new Trainer(List.of(r)).train(model, SgdSpec.of(0.05, 0.9, 0).create(model.parameters()),
                LearningRateSchedule.constant(0.05), new BatchLoader(data, 16, true, false, 1), 2, data);
        assertThat(r.events).containsExactly("start 2x2", "step 0:0", "step 0:1",
                "epoch 0 [train_loss, train_accuracy, test_accuracy, test_loss, epoch_seconds, lr]",
                "step 1:2", "step 1:3",
                "epoch 1 [train_loss, train_accuracy, test_accuracy, test_loss, epoch_seconds, lr]", "end");
        assertThat(r.failure).isNull();
        assertThat(result.testScore()).isEqualTo(1.0);
    }

    @Test
    void aNonFiniteLossStopsTrainingNamingEpochAndStepAndTellsListeners() {
        InMemoryImageDataset data = tinyData(32);
        var model = ModelZoo.build(new ModelZoo.ModelSpec("lenet-300-100", 1, 4, 4, 2, DataType.FLOAT, 1));
        Optimizer diverging = new Optimizer() {
            private long steps;

            @Override
            public StepDiagnostics step(Objective objective) {
                return StepDiagnostics.singlePass(steps++ < 2 ? 0.5 : Double.NaN, 1, 0.1);
            }

            @Override
            public double learningRate() {
                return 0.1;
            }

            @Override
            public void setLearningRate(double learningRate) {
            }

            @Override
            public long stepCount() {
                return steps;
            }

            @Override
            public org.cram.api.optim.OptimizerState saveState() {
                return org.cram.api.optim.OptimizerState.builder("diverging").build();
            }

            @Override
            public void loadState(org.cram.api.optim.OptimizerState state) {
            }
        };
        Recorder r = new Recorder();
        assertThatThrownBy(() -> new Trainer(List.of(r)).train(model, diverging, LearningRateSchedule.constant(0.1),
                new BatchLoader(data, 16, true, false, 1), 3, data))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("epoch 1, step 2").hasMessageContaining("NaN");
        assertThat(r.failure).isInstanceOf(ArithmeticException.class);
        assertThat(r.events).last().isEqualTo("end");
    }
}
