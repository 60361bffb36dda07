package org.cram.api.train;

import org.cram.api.optim.StepDiagnostics;

/**
 * Observes training. Call order for a run: {@link #onTrainingStart} once; for each epoch, {@link #onStep} after
 * every optimizer step, then {@link #onEpochEnd} after the epoch's evaluation; {@link #onTrainingEnd} once (also
 * when training fails, with the cause). Listeners must not change parameters.
 */
public interface TrainingListener {

    default void onTrainingStart(int epochs, int stepsPerEpoch) {
    }

    /** @param globalStep 0-based step index over the whole run */
    default void onStep(int epoch, long globalStep, StepDiagnostics diagnostics, double cleanAccuracy,
                        double stepSeconds) {
    }

    /** @param metrics e.g. {@code test_accuracy}, {@code train_loss} */
    default void onEpochEnd(int epoch, java.util.Map<String, Double> metrics) {
    }

    /** @param failure {@code null} on success */
    default void onTrainingEnd(Throwable failure) {
    }
}
