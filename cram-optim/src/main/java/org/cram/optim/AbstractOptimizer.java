package org.cram.optim;

import org.cram.api.optim.Optimizer;
import org.cram.api.optim.OptimizerState;

/** The learning rate, step count and state snapshot every optimizer keeps. */
abstract class AbstractOptimizer implements Optimizer {
    private final String kind;
    private double learningRate;
    private long steps;

    AbstractOptimizer(String kind, double learningRate) {
        this.kind = kind;
        this.learningRate = learningRate;
    }

    @Override
    public final double learningRate() {
        return learningRate;
    }

    @Override
    public final void setLearningRate(double learningRate) {
        Checks.nonNegative("learning rate", learningRate);
        this.learningRate = learningRate;
    }

    @Override
    public final long stepCount() {
        return steps;
    }

    /** Called once at the end of every completed step. */
    final void countStep() {
        steps++;
    }

    @Override
    public final OptimizerState saveState() {
        OptimizerState.Builder b = OptimizerState.builder(kind).longNumber("steps", steps).number("lr", learningRate);
        saveOwnState(b);
        return b.build();
    }

    @Override
    public final void loadState(OptimizerState state) {
        state.requireKind(kind);
        steps = state.longNumber("steps");
        learningRate = state.number("lr");
        loadOwnState(state);
    }

    /** Adds the subclass's state (buffers, sampler, masks). */
    abstract void saveOwnState(OptimizerState.Builder state);

    /** Restores what {@link #saveOwnState} wrote. */
    abstract void loadOwnState(OptimizerState state);
}
