package org.cram.experiments.run;

import java.util.Map;
import org.cram.api.optim.StepDiagnostics;
import org.cram.api.track.TrackedRun;
import org.cram.api.train.TrainingListener;

/** Logs every step's and every epoch's metrics to a tracked run (the clean-pass loss and accuracy, as the reference). */
final class MetricsListener implements TrainingListener {
    private final TrackedRun run;

    MetricsListener(TrackedRun run) {
        this.run = run;
    }

    @Override
    public void onStep(int epoch, long step, StepDiagnostics d, double cleanAccuracy, double stepSeconds) {
        run.logMetric("step/train_loss", d.cleanLoss(), step);
        run.logMetric("step/train_accuracy", cleanAccuracy, step);
        run.logMetric("step/lr", d.learningRate(), step);
        run.logMetric("step/seconds", stepSeconds, step);
        if (!Double.isNaN(d.compressedLoss())) {
            run.logMetric("step/compressed_loss", d.compressedLoss(), step);
        }
        if (!Double.isNaN(d.targetSparsity())) {
            run.logMetric("step/target_sparsity", d.targetSparsity(), step);
        }
        if (!Double.isNaN(d.realizedSparsity())) {
            run.logMetric("step/realized_sparsity", d.realizedSparsity(), step);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> metrics) {
        metrics.forEach((k, v) -> run.logMetric(k, v, epoch));
    }

    /** Records why training failed; the run itself is ended FAILED by its owner. */
    @Override
    public void onTrainingEnd(Throwable failure) {
        if (failure != null) {
            run.setTag("failure_reason", failure.getClass().getSimpleName() + ": " + failure.getMessage());
        }
    }
}
