package org.cram.api.optim;

import org.cram.api.objective.Objective;

/**
 * A stateful optimizer bound to one model's parameters.
 *
 * <p>Call order: {@link OptimizerSpec#create} once; optionally {@link #loadState} to resume; then per step optionally
 * {@link #setLearningRate} (a schedule drives it), then {@link #step}; {@link #saveState} between steps. {@code step} calls the objective as often as its algorithm needs, leaves the
 * parameters holding their updated dense values, and returns what it saw. Not thread-safe.
 */
public interface Optimizer {

    /**
     * Performs one update of the parameters using the objective's mini-batch.
     *
     * @throws ArithmeticException if a loss or gradient is NaN or infinite; the parameters are then left as they
     *                             were before the step
     */
    StepDiagnostics step(Objective objective);

    /** The learning rate used by the next {@link #step}. */
    double learningRate();

    /** Sets the learning rate for the following steps (schedules call this once per epoch or step). */
    void setLearningRate(double learningRate);

    /** Number of completed steps. */
    long stepCount();

    /**
     * A snapshot of every piece of state that influences future steps (buffers, moments, step count, learning rate,
     * sampler and mask state), so that {@link #loadState} on a fresh optimizer from the same spec continues
     * bit-identically.
     */
    OptimizerState saveState();

    /**
     * Restores a snapshot taken by {@link #saveState} of an optimizer of the same spec and parameter shapes.
     *
     * @throws IllegalArgumentException for a state of another kind or shape
     */
    void loadState(OptimizerState state);
}
