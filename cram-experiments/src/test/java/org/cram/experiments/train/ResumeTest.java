package org.cram.experiments.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.cram.api.optim.Optimizer;
import org.cram.api.optim.OptimizerSpec;
import org.cram.api.optim.StepDiagnostics;
import org.cram.api.train.TrainingListener;
import org.cram.compress.GlobalMagnitudePruning;
import org.cram.experiments.data.BatchLoader;
import org.cram.experiments.data.InMemoryImageDataset;
import org.cram.models.nn.Network;
import org.cram.models.zoo.ModelZoo;
import org.cram.optim.Ascent;
import org.cram.optim.CramSpec;
import org.cram.optim.LearningRateSchedule;
import org.cram.optim.SgdSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** A killed run resumes from its last checkpoint and ends exactly where an uninterrupted run ends. */
class ResumeTest {
    private static final int EPOCHS = 4;

    private static InMemoryImageDataset data(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(3);
            for (int j = 0; j < 64; j++) {
                x[i * 64 + j] = (float) (r.nextGaussian() * 0.5 + (j % 3 == y[i] ? 1 : 0));
            }
        }
        return new InMemoryImageDataset("synthetic", x, y, 3, 1, 8, 8);
    }

    private static Network model() {
        return ModelZoo.build(new ModelZoo.ModelSpec("cnn-bn", 1, 8, 8, 3, DataType.FLOAT, 5));
    }

    /** CrAM+-Multi with a periodic mask: optimizer state that includes a sampler, masks and momentum. */
    private static OptimizerSpec spec() {
        return new CramSpec(SgdSpec.of(0.05, 0.9, 1e-4), 0.1, CramSpec.sparsityTargets(List.of(0.5, 0.8)), true, true,
                Ascent.PLAIN, new GlobalMagnitudePruning(), 2, 9);
    }

    private static Trainer.Result train(Network model, Path checkpoints, List<TrainingListener> listeners) {
        Optimizer opt = spec().create(model.parameters());
        return new Trainer(listeners, checkpoints).train(model, opt, LearningRateSchedule.cosine(0.05, 1, EPOCHS),
                new BatchLoader(data(1, 96), 16, true, false, 3), EPOCHS, data(2, 48));
    }

    @Test
    void resumedRunEndsBitIdenticalToAnUninterruptedOne(@TempDir Path dir) {
        Network uninterrupted = model();
        Trainer.Result expected = train(uninterrupted, null, List.of());

        Path checkpoints = dir.resolve("ckpt");
        TrainingListener killer = new TrainingListener() {
            @Override
            public void onStep(int epoch, long step, StepDiagnostics d, double acc, double seconds) {
                if (epoch == 2 && step == 2 * 6 + 3) {
                    throw new IllegalStateException("killed in the middle of epoch 2");
                }
            }
        };
        assertThatThrownBy(() -> train(model(), checkpoints, List.of(killer))).hasMessageContaining("killed");
        assertThat(Checkpoint.latest(checkpoints)).get().matches(p -> p.getFileName().toString().equals("epoch-0002"));

        Network resumed = model(); // a new process: fresh model and optimizer, same config
        int[] firstEpochSeen = {-1};
        Trainer.Result got = train(resumed, checkpoints, List.of(new TrainingListener() {
            @Override
            public void onStep(int epoch, long step, StepDiagnostics d, double acc, double seconds) {
                if (firstEpochSeen[0] < 0) {
                    firstEpochSeen[0] = epoch;
                    assertThat(step).isEqualTo(2 * 6);
                }
            }
        }));
        assertThat(firstEpochSeen[0]).isEqualTo(2);
        assertThat(got.testScore()).isEqualTo(expected.testScore());
        assertThat(got.testLoss()).isEqualTo(expected.testLoss());
        for (int i = 0; i < uninterrupted.parameters().size(); i++) {
            assertThat(resumed.parameters().get(i).value().data().asFloat())
                    .as(uninterrupted.parameters().get(i).name())
                    .containsExactly(uninterrupted.parameters().get(i).value().data().asFloat());
        }
        for (int i = 0; i < uninterrupted.batchNormStatistics().size(); i++) {
            assertThat(resumed.batchNormStatistics().get(i).data().asFloat())
                    .containsExactly(uninterrupted.batchNormStatistics().get(i).data().asFloat());
        }
    }

    @Test
    void aCheckpointOfAnotherModelIsRefusedNamingBoth(@TempDir Path dir) throws Exception {
        Network cnn = model();
        Checkpoint.save(dir, cnn, spec().create(cnn.parameters()), new Checkpoint.Progress(1, 6));
        Network lenet = ModelZoo.build(new ModelZoo.ModelSpec("lenet-300-100", 1, 8, 8, 3, DataType.FLOAT, 5));
        assertThatThrownBy(() -> Checkpoint.restore(dir.resolve("epoch-0001"), lenet,
                spec().create(lenet.parameters())))
                .hasMessageContaining("'cnn-bn'").hasMessageContaining("'lenet-300-100'");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("epoch-0001"); // no temp left
        }
    }
}
