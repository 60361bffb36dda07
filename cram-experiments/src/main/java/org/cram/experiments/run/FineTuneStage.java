package org.cram.experiments.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.Mask;
import org.cram.api.data.Dataset;
import org.cram.api.model.Model;
import org.cram.api.param.TensorSet;
import org.cram.api.track.RunStatus;
import org.cram.api.track.RunTracker;
import org.cram.api.track.TrackedRun;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.data.BatchLoader;
import org.cram.experiments.train.Trainer;
import org.cram.optim.LearningRateSchedule;
import org.cram.optim.MaskedOptimizer;
import org.cram.optim.SgdSpec;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sparse fine-tuning of a trained model: prune one shot to each target, keep the mask fixed (re-applied after every
 * step) and train a few more epochs with SGD, then evaluate. The model is restored to its dense state afterwards.
 */
final class FineTuneStage {
    private final ExperimentConfig config;
    private final RunTracker tracker;
    private final PrintStream out;

    FineTuneStage(ExperimentConfig config, RunTracker tracker, PrintStream out) {
        this.config = config;
        this.tracker = tracker;
        this.out = out;
    }

    /** Accuracy after fine-tuning, per target of {@code finetune.sparsities}. */
    List<Double> run(Model model, String label, Compressor compressor, Dataset train, Dataset test) {
        ExperimentConfig.FineTune ft = config.finetune().orElseThrow();
        TensorSet dense = TensorSet.zerosLike(model.parameters());
        dense.copyFrom(model.parameters());
        List<INDArray> stats = model.batchNormStatistics();
        List<INDArray> savedStats = stats.stream().map(INDArray::dup).toList();
        List<Double> accuracies = new ArrayList<>();
        try {
            for (double sparsity : ft.sparsities()) {
                String name = String.format(Locale.ROOT, "finetune %s @ %.0f%%", label, 100 * sparsity);
                out.println(name + " for " + ft.epochs() + " epoch(s)");
                try (TrackedRun run = tracker.startRun(config.experiment(), name, Optional.empty())) {
                    run.logParams(config.commonParams());
                    run.setTag("kind", "finetune");
                    run.logParam("finetune.sparsity", String.valueOf(sparsity));
                    run.logParam("finetune.epochs", String.valueOf(ft.epochs()));
                    run.logParam("finetune.lr", String.valueOf(ft.lr()));
                    run.logParam("finetune.compressor", compressor.name());
                    Mask mask = compressor.compress(model.parameters(), CompressionTarget.sparsity(sparsity));
                    SgdSpec sgd = SgdSpec.of(ft.lr(), ft.momentum(), ft.weightDecay());
                    MaskedOptimizer opt = new MaskedOptimizer(sgd.create(model.parameters()), model.parameters(),
                            mask);
                    Trainer.Result r = new Trainer(List.of(new MetricsListener(run)), null, config.evalBatchSize())
                            .train(model, opt,
                            LearningRateSchedule.cosine(ft.lr(), 0, ft.epochs()),
                            new BatchLoader(train, config.training().batchSize(), true, false, config.seed() + 1),
                            ft.epochs(), test);
                    run.logMetric("final_test_accuracy", r.testAccuracy(), ft.epochs());
                    run.logMetric("sparsity_prunable", mask.sparsity(), ft.epochs());
                    run.end(RunStatus.FINISHED);
                    accuracies.add(r.testAccuracy());
                    out.printf(Locale.ROOT, "  %s: accuracy %.2f%%%n", name, 100 * r.testAccuracy());
                }
                dense.copyTo(model.parameters());
                for (int i = 0; i < stats.size(); i++) {
                    stats.get(i).assign(savedStats.get(i));
                }
            }
        } finally {
            dense.copyTo(model.parameters());
            for (int i = 0; i < stats.size(); i++) {
                stats.get(i).assign(savedStats.get(i));
            }
        }
        return accuracies;
    }
}
