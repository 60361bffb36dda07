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
import org.cram.api.track.RunStatus;
import org.cram.api.track.RunTracker;
import org.cram.api.track.TrackedRun;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.train.TestMetric;
import org.cram.experiments.train.Trainer;

/**
 * Sparse fine-tuning of a trained model: prune one shot to each target, keep the mask fixed (re-applied after every
 * step) and train a few more epochs with the {@code finetune} section's optimizer ({@link MaskedTraining}), then
 * evaluate. The model is restored to its dense state afterwards.
 */
final class FineTuneStage {
    private final ExperimentConfig config;
    private final RunTracker tracker;
    private final MaskedTraining training;
    private final TestMetric metric;
    private final PrintStream out;

    /** @param metric how the fine-tuned models are scored on the test set */
    FineTuneStage(ExperimentConfig config, RunTracker tracker, OptimizerFactory optimizers, TestMetric metric,
                  PrintStream out) {
        this.config = config;
        this.tracker = tracker;
        this.training = new MaskedTraining(config, optimizers, metric);
        this.metric = metric;
        this.out = out;
    }

    /**
     * One fine-tuned model.
     *
     * @param testScore accuracy, or F1 for question answering
     * @param role      "finetune 90%": the run's role in a result row
     * @param runId     the tracked fine-tuning run
     */
    record Tuned(double testScore, String role, String runId) {
    }

    /** The fine-tuned models, one per {@code finetune.sparsities}, in that order. */
    List<Tuned> run(Model model, String label, Compressor compressor, Dataset train, Dataset test) {
        ExperimentConfig.FineTune ft = config.finetune().orElseThrow();
        DenseSnapshot dense = DenseSnapshot.of(model);
        List<Tuned> accuracies = new ArrayList<>();
        try {
            for (double sparsity : ft.sparsities()) {
                String name = String.format(Locale.ROOT, "finetune %s @ %.0f%%", label, 100 * sparsity);
                out.println(name + " for " + ft.epochs() + " epoch(s) with " + ft.optimizer().type());
                try (TrackedRun run = tracker.startRun(config.experiment(), name, Optional.empty())) {
                    run.logParams(config.commonParams());
                    run.setTag("kind", "finetune");
                    run.logParam("finetune.sparsity", String.valueOf(sparsity));
                    run.logParams(ft.asParams("finetune."));
                    run.logParam("finetune.compressor", compressor.name());
                    Mask mask = compressor.compress(model.parameters(), CompressionTarget.sparsity(sparsity));
                    Trainer.Result r = training.train(model, mask, ft, train, test, run);
                    run.logMetric("final_test_" + metric.name(), r.testScore(), ft.epochs());
                    if (r.evaluation() != null) {
                        r.evaluation().details().forEach((k, v) -> run.logMetric("final_test_" + k, v, ft.epochs()));
                    }
                    run.logMetric("sparsity_prunable", mask.sparsity(), ft.epochs());
                    run.end(RunStatus.FINISHED);
                    accuracies.add(new Tuned(r.testScore(), String.format(Locale.ROOT, "finetune %.0f%%",
                            100 * sparsity), run.runId()));
                    out.printf(Locale.ROOT, "  %s: %s %.2f%%%n", name, metric.name(), 100 * r.testScore());
                }
                dense.restore();
            }
        } finally {
            dense.restore();
        }
        return accuracies;
    }
}
