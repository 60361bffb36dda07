package org.cram.optim;

import org.cram.api.objective.Objective;
import org.cram.api.objective.Pass;
import org.cram.api.optim.StepDiagnostics;
import org.cram.api.param.ParameterSet;
import org.cram.api.param.TensorSet;

/** A one-pass optimizer: the clean gradient, then the base update rule. */
final class SingleStepOptimizer extends AbstractOptimizer {
    private final ParameterSet parameters;
    private final UpdateRule rule;
    private final TensorSet gradient;

    SingleStepOptimizer(ParameterSet parameters, UpdateRule rule, double learningRate) {
        super(learningRate);
        this.parameters = parameters;
        this.rule = rule;
        this.gradient = TensorSet.zerosLike(parameters);
    }

    @Override
    public StepDiagnostics step(Objective objective) {
        double loss = objective.lossAndGradients(gradient, Pass.CLEAN);
        double norm = gradient.globalNorm();
        rule.apply(parameters, gradient, learningRate());
        countStep();
        return StepDiagnostics.singlePass(loss, norm, learningRate());
    }
}
