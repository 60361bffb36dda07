package org.cram.models.nn;

import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.factory.Nd4j;

/**
 * max(x, 0). Its backward (gradient 0 at x = 0, as torch) is a Java loop for dense float32 arrays ({@link FloatRelu})
 * and libnd4j's {@code relu_bp} otherwise.
 */
public final class Relu implements Layer {
    private INDArray input;
    private INDArray output;
    private INDArray gradInput;

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public INDArray forward(INDArray x, ForwardMode mode) {
        input = x;
        output = Buffers.reuse(output, x.dataType(), x.shape());
        Nd4j.exec(new RectifiedLinear(x, output, 0.0));
        return output;
    }

    @Override
    public INDArray backward(INDArray gradOutput, INDArray[] grads) {
        gradInput = Buffers.reuse(gradInput, gradOutput.dataType(), input.shape());
        if (FloatRelu.supports(output, gradOutput, gradInput)) {
            FloatRelu.backward(output, gradOutput, gradInput);
            return gradInput;
        }
        Nd4j.exec(DynamicCustomOp.builder("relu_bp").addInputs(input, gradOutput).addOutputs(gradInput)
                .addFloatingPointArguments(0.0).build());
        return gradInput;
    }
}
