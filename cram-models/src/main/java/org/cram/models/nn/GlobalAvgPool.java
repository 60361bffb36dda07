package org.cram.models.nn;

import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Mean over the spatial axes of NCHW input: {@code [n, c, h, w] -> [n, c]} (ResNet's AdaptiveAvgPool + flatten). */
public final class GlobalAvgPool implements Layer {
    private long[] inputShape;
    private INDArray gradInput;

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public INDArray forward(INDArray x, ForwardMode mode) {
        inputShape = x.shape();
        return x.mean(2, 3);
    }

    @Override
    public INDArray backward(INDArray gradOutput, INDArray[] grads) {
        // every input position receives dY / (h * w) of its channel
        gradInput = Buffers.reuse(gradInput, gradOutput.dataType(), inputShape);
        double scale = 1.0 / (inputShape[2] * inputShape[3]);
        INDArray perChannel = gradOutput.mul(scale).reshape(inputShape[0], inputShape[1], 1, 1);
        gradInput.assign(perChannel.broadcast(inputShape));
        return gradInput;
    }
}
