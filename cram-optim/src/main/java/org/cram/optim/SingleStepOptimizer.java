package org.cram.optim;

import org.cram.api.objective.Objective;
import org.cram.api.objective.Pass;
import org.cram.api.optim.Optimizer;
import org.cram.api.optim.StepDiagnostics;
import org.cram.api.param.ParameterSet;
import org.cram.api.param.TensorSet;

/** A one-pass optimizer: the clean gradient, then the base update rule. */
final class SingleStepOptimizer implements Optimizer {
    private final ParameterSet parameters;
    private final UpdateRule rule;
    private final TensorSet gradient;
    private double learningRate;
    private long steps;

    SingleStepOptimizer(ParameterSet parameters, UpdateRule rule, double learningRate) {
        this.parameters = parameters;
        this.rule = rule;
        this.gradient = TensorSet.zerosLike(parameters);
        this.learningRate = learningRate;
    }

    @Override
    public StepDiagnostics step(Objective objective) {
        double loss = objective.lossAndGradients(gradient, Pass.CLEAN);
        double norm = gradient.globalNorm();
        rule.apply(parameters, gradient, learningRate);
        steps++;
        return StepDiagnostics.singlePass(loss, norm, learningRate);
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(double learningRate) {
        Checks.nonNegative("learning rate", learningRate);
        this.learningRate = learningRate;
    }

    @Override
    public long stepCount() {
        return steps;
    }
}
