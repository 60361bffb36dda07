package org.cram.optim;

import org.cram.api.objective.Objective;
import org.cram.api.objective.Pass;
import org.cram.api.optim.OptimizerState;
import org.cram.api.optim.StepDiagnostics;
import org.cram.api.param.ParameterSet;
import org.cram.api.param.TensorSet;

/** A one-pass optimizer: the clean gradient, then the base update rule. */
final class SingleStepOptimizer extends AbstractOptimizer {
    private final ParameterSet parameters;
    private final UpdateRule rule;
    private final TensorSet gradient;

    SingleStepOptimizer(String kind, ParameterSet parameters, UpdateRule rule, double learningRate) {
        super(kind, learningRate);
        this.parameters = parameters;
        this.rule = rule;
        this.gradient = TensorSet.zerosLike(parameters);
    }

    @Override
    public StepDiagnostics step(Objective objective) {
        double loss = objective.lossAndGradients(gradient, Pass.CLEAN);
        double norm = gradient.globalNorm();
        FiniteGuard.check("the gradient", loss, norm, stepCount());
        rule.apply(parameters, gradient, learningRate());
        countStep();
        return StepDiagnostics.singlePass(loss, norm, learningRate());
    }

    @Override
    void saveOwnState(OptimizerState.Builder state) {
        rule.saveTo(state, "base.");
    }

    @Override
    void loadOwnState(OptimizerState state) {
        rule.loadFrom(state, "base.");
    }
}
