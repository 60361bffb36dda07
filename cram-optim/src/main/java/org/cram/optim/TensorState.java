package org.cram.optim;

import java.util.Arrays;
import org.cram.api.optim.OptimizerState;
import org.cram.api.param.TensorSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Saving and loading a {@link TensorSet} into an {@link OptimizerState} under {@code prefix + index}. */
final class TensorState {
    private TensorState() {
    }

    static void save(OptimizerState.Builder state, String prefix, TensorSet tensors) {
        for (int i = 0; i < tensors.size(); i++) {
            state.array(prefix + i, tensors.get(i));
        }
    }

    static void load(OptimizerState state, String prefix, TensorSet into) {
        for (int i = 0; i < into.size(); i++) {
            INDArray saved = state.array(prefix + i);
            INDArray target = into.get(i);
            if (!Arrays.equals(saved.shape(), target.shape()) || saved.dataType() != target.dataType()) {
                throw new IllegalArgumentException("optimizer state '" + prefix + i + "' has shape "
                        + Arrays.toString(saved.shape()) + " " + saved.dataType() + ", expected "
                        + Arrays.toString(target.shape()) + " " + target.dataType());
            }
            target.assign(saved);
        }
    }
}
