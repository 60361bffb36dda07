package org.cram.optim;

import org.cram.api.optim.OptimizerState;
import org.cram.api.param.ParameterSet;
import org.cram.api.param.TensorSet;

/**
 * The base optimizer's update given a gradient (torch's {@code optimizer.step()} after {@code p.grad} is set):
 * what two-pass optimizers such as SAM and CrAM delegate to once they have formed their gradient. Stateful
 * (momentum buffers, moments); bound to one parameter set.
 */
public interface UpdateRule {

    /** Updates the parameters in place from {@code gradient} (which the rule may not keep or modify). */
    void apply(ParameterSet parameters, TensorSet gradient, double learningRate);

    /** Adds the rule's state to a snapshot, under names starting with {@code prefix}. */
    void saveTo(OptimizerState.Builder state, String prefix);

    /** Restores the rule's state from a snapshot written by {@link #saveTo} with the same prefix. */
    void loadFrom(OptimizerState state, String prefix);
}
