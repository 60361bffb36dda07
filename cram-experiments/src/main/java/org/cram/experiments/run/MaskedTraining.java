package org.cram.experiments.run;

import java.nio.file.Path;
import java.util.List;
import org.cram.api.compress.Mask;
import org.cram.api.data.Dataset;
import org.cram.api.model.Model;
import org.cram.api.track.TrackedRun;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.data.BatchLoader;
import org.cram.experiments.train.TestMetric;
import org.cram.experiments.train.Trainer;
import org.cram.optim.LearningRateSchedule;
import org.cram.optim.MaskedOptimizer;

/**
 * Training with a fixed mask, shared by sparse fine-tuning and sparse transfer: the section's optimizer wrapped in
 * a {@link MaskedOptimizer} (the mask is applied at once and after every step, so pruned weights stay exactly
 * zero), a cosine schedule without warm-up from the optimizer's learning rate, shuffled batches of
 * {@code training.batch_size} drawn with seed {@code seed + 1}, per-epoch metrics into the run.
 */
final class MaskedTraining {
    private final ExperimentConfig config;
    private final OptimizerFactory optimizers;
    private final TestMetric metric;

    /** @param metric how the test set is scored after every epoch */
    MaskedTraining(ExperimentConfig config, OptimizerFactory optimizers, TestMetric metric) {
        this.config = config;
        this.optimizers = optimizers;
        this.metric = metric;
    }

    /** Trains {@code model} in place and returns the final evaluation on {@code test}. */
    Trainer.Result train(Model model, Mask mask, ExperimentConfig.FineTune tuning, Dataset train, Dataset test,
                         TrackedRun run) {
        return train(model, mask, tuning, train, test, run, null);
    }

    /**
     * As {@link #train(Model, Mask, ExperimentConfig.FineTune, Dataset, Dataset, TrackedRun)}, writing a checkpoint
     * (model, and optimizer state with the fixed mask) after every epoch into {@code checkpointDir}, which must
     * hold no earlier checkpoint ({@code null}: none).
     */
    Trainer.Result train(Model model, Mask mask, ExperimentConfig.FineTune tuning, Dataset train, Dataset test,
                         TrackedRun run, Path checkpointDir) {
        MaskedOptimizer optimizer = new MaskedOptimizer(
                optimizers.create(tuning.optimizer(), config.seed()).create(model.parameters()),
                model.parameters(), mask);
        return new Trainer(List.of(new MetricsListener(run)), checkpointDir, config.evalBatchSize(), metric).train(model,
                optimizer,
                LearningRateSchedule.cosine(tuning.optimizer().lr(), 0, tuning.epochs()),
                new BatchLoader(train, config.training().batchSize(), true, false, config.seed() + 1),
                tuning.epochs(), test);
    }
}
