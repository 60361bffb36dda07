package org.cram.models.nn;

import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reshapes {@code [n, ...]} to {@code [n, features]} in C order (as torch.flatten(x, 1) on NCHW). */
public final class Flatten implements Layer {
    private long[] inputShape;

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public INDArray forward(INDArray x, ForwardMode mode) {
        inputShape = x.shape();
        return x.reshape('c', x.size(0), x.length() / x.size(0));
    }

    @Override
    public INDArray backward(INDArray gradOutput, INDArray[] grads) {
        return gradOutput.reshape('c', inputShape);
    }
}
