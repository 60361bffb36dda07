package org.cram.optim;

import org.cram.api.optim.Optimizer;

/** The learning rate and step count every optimizer keeps. */
abstract class AbstractOptimizer implements Optimizer {
    private double learningRate;
    private long steps;

    AbstractOptimizer(double learningRate) {
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
}
