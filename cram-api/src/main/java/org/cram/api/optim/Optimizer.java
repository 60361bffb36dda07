package org.cram.api.optim;

import org.cram.api.objective.Objective;

/**
 * A stateful optimizer bound to one model's parameters.
 *
 * <p>Call order: {@link OptimizerSpec#create} once; then per step optionally {@link #setLearningRate} (a schedule
 * drives it), then {@link #step}. {@code step} calls the objective as often as its algorithm needs, leaves the
 * parameters holding their updated dense values, and returns what it saw. Not thread-safe.
 */
public interface Optimizer {

    /** Performs one update of the parameters using the objective's mini-batch. */
    StepDiagnostics step(Objective objective);

    /** The learning rate used by the next {@link #step}. */
    double learningRate();

    /** Sets the learning rate for the following steps (schedules call this once per epoch or step). */
    void setLearningRate(double learningRate);

    /** Number of completed steps. */
    long stepCount();
}
