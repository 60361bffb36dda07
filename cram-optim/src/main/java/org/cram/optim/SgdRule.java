package org.cram.optim;

import org.cram.api.optim.OptimizerState;
import org.cram.api.param.ParameterSet;
import org.cram.api.param.TensorSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The state and update of {@link SgdSpec}; buffers are allocated once. */
final class SgdRule implements UpdateRule {
    private final SgdSpec spec;
    private final TensorSet direction;
    private final TensorSet momentumBuffer;
    private boolean firstStep = true;

    SgdRule(SgdSpec spec, ParameterSet parameters) {
        this.spec = spec;
        this.direction = TensorSet.zerosLike(parameters);
        this.momentumBuffer = spec.momentum() > 0 ? TensorSet.zerosLike(parameters) : null;
    }

    @Override
    public void apply(ParameterSet parameters, TensorSet gradient, double learningRate) {
        for (int i = 0; i < parameters.size(); i++) {
            INDArray theta = parameters.get(i).value();
            INDArray d = direction.get(i).assign(gradient.get(i));
            if (spec.weightDecay() != 0) {
                d.addi(theta.mul(spec.weightDecay()));
            }
            if (momentumBuffer != null) {
                INDArray buf = momentumBuffer.get(i);
                if (firstStep) {
                    buf.assign(d);
                } else {
                    buf.muli(spec.momentum()).addi(d.mul(1 - spec.dampening()));
                }
                if (spec.nesterov()) {
                    d.addi(buf.mul(spec.momentum()));
                } else {
                    d.assign(buf);
                }
            }
            theta.subi(d.muli(learningRate));
        }
        firstStep = false;
    }

    @Override
    public void saveTo(OptimizerState.Builder state, String prefix) {
        state.number(prefix + "first_step", firstStep ? 1 : 0);
        if (momentumBuffer != null) {
            TensorState.save(state, prefix + "momentum.", momentumBuffer);
        }
    }

    @Override
    public void loadFrom(OptimizerState state, String prefix) {
        firstStep = state.number(prefix + "first_step") != 0;
        if (momentumBuffer != null) {
            TensorState.load(state, prefix + "momentum.", momentumBuffer);
        }
    }
}
