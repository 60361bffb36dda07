package org.cram.models.bert;

import org.cram.api.model.ForwardMode;
import org.cram.api.param.ParameterSet;
import org.cram.api.param.TensorSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Checks and gradient-slot slicing shared by the BERT task models. */
final class ModelSupport {
    private ModelSupport() {
    }

    static void checkGradientCall(String model, ParameterSet parameters, TensorSet gradients, ForwardMode mode) {
        if (mode == ForwardMode.EVAL) {
            throw new IllegalArgumentException("gradients are taken in TRAIN or TRAIN_FROZEN_STATS mode, not EVAL");
        }
        if (gradients.size() != parameters.size()) {
            throw new IllegalArgumentException("gradient set has " + gradients.size() + " arrays, model '" + model
                    + "' has " + parameters.size() + " parameters");
        }
    }

    /** Slots {@code [from, to)} of a gradient set. */
    static INDArray[] slots(TensorSet gradients, int from, int to) {
        INDArray[] out = new INDArray[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = gradients.get(i);
        }
        return out;
    }
}
