package org.cram.api.model;

import org.cram.api.objective.Pass;

/**
 * How a forward pass treats batch normalization; passed explicitly with every call, so no mode can be left
 * switched on by accident.
 */
public enum ForwardMode {
    /** Training: normalize with batch statistics and update running statistics (momentum 0.1). */
    TRAIN,
    /** Training with running statistics frozen: batch statistics normalize, running statistics stay bit-identical. */
    TRAIN_FROZEN_STATS,
    /** Inference: normalize with running statistics. */
    EVAL;

    /** The mode an optimizer's pass calls for: the clean pass trains, a perturbed pass freezes statistics. */
    public static ForwardMode forPass(Pass pass) {
        return pass == Pass.CLEAN ? TRAIN : TRAIN_FROZEN_STATS;
    }
}
