package org.cram.models.nn;

import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** Max pooling over NCHW input with a square window equal to its stride and no padding. */
public final class MaxPool2d implements Layer {
    private final int size;
    private INDArray input;
    private INDArray output;
    private INDArray gradInput;

    public MaxPool2d(int size) {
        this.size = size;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    private int[] intArgs() {
        // kH, kW, sH, sW, pH, pW, dH, dW, sameMode=0, extraParam0 (unused for max), isNHWC=0
        return new int[] {size, size, size, size, 0, 0, 1, 1, 0, 0, 0};
    }

    @Override
    public INDArray forward(INDArray x, ForwardMode mode) {
        input = x;
        output = Buffers.reuse(output, x.dataType(), x.size(0), x.size(1), x.size(2) / size, x.size(3) / size);
        Nd4j.exec(DynamicCustomOp.builder("maxpool2d").addInputs(x).addOutputs(output)
                .addIntegerArguments(intArgs()).build());
        return output;
    }

    @Override
    public INDArray backward(INDArray gradOutput, INDArray[] grads) {
        gradInput = Buffers.reuse(gradInput, gradOutput.dataType(), input.shape());
        Nd4j.exec(DynamicCustomOp.builder("maxpool2d_bp").addInputs(input, gradOutput).addOutputs(gradInput)
                .addIntegerArguments(intArgs()).build());
        return gradInput;
    }
}
