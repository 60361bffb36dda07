package org.cram.optim;

import org.cram.api.optim.OptimizerSpec;
import org.cram.api.param.ParameterSet;

/** An optimizer that can also serve as the base of a two-pass optimizer (SGD, Adam). */
public interface BaseOptimizerSpec extends OptimizerSpec {

    /** The initial learning rate. */
    double learningRate();

    /** A fresh update rule (zeroed state) for these parameters. */
    UpdateRule newRule(ParameterSet parameters);
}
