package org.cram.optim;

import org.cram.api.optim.OptimizerState;
import org.cram.api.param.ParameterSet;
import org.cram.api.param.TensorSet;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The state and update of {@link AdamSpec}, in torch's operation order. */
final class AdamRule implements UpdateRule {
    private final AdamSpec spec;
    private final TensorSet firstMoment;
    private final TensorSet secondMoment;
    private long t;

    AdamRule(AdamSpec spec, ParameterSet parameters) {
        this.spec = spec;
        this.firstMoment = TensorSet.zerosLike(parameters);
        this.secondMoment = TensorSet.zerosLike(parameters);
    }

    @Override
    public void apply(ParameterSet parameters, TensorSet gradient, double learningRate) {
        t++;
        double biasCorrection1 = 1 - Math.pow(spec.beta1(), t);
        double biasCorrection2 = 1 - Math.pow(spec.beta2(), t);
        double stepSize = learningRate / biasCorrection1;
        double sqrtBias2 = Math.sqrt(biasCorrection2);
        for (int i = 0; i < parameters.size(); i++) {
            INDArray theta = parameters.get(i).value();
            INDArray g = gradient.get(i);
            if (spec.decoupled()) {
                theta.muli(1 - learningRate * spec.weightDecay());
            } else if (spec.weightDecay() != 0) {
                g = g.add(theta.mul(spec.weightDecay()));
            }
            INDArray m = firstMoment.get(i);
            INDArray v = secondMoment.get(i);
            m.muli(spec.beta1()).addi(g.mul(1 - spec.beta1()));
            v.muli(spec.beta2()).addi(g.mul(g).muli(1 - spec.beta2()));
            INDArray denominator = Transforms.sqrt(v, true).divi(sqrtBias2).addi(spec.epsilon());
            theta.subi(m.div(denominator).muli(stepSize));
        }
    }

    @Override
    public void saveTo(OptimizerState.Builder state, String prefix) {
        state.longNumber(prefix + "t", t);
        TensorState.save(state, prefix + "m.", firstMoment);
        TensorState.save(state, prefix + "v.", secondMoment);
    }

    @Override
    public void loadFrom(OptimizerState state, String prefix) {
        t = state.longNumber(prefix + "t");
        TensorState.load(state, prefix + "m.", firstMoment);
        TensorState.load(state, prefix + "v.", secondMoment);
    }
}
