package org.cram.models.nn;

import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.factory.Nd4j;

/**
 * max(x, 0). Its backward (gradient 0 at x = 0, as torch) is a Java loop for dense float32 arrays ({@link FloatElementwise})
 * and libnd4j's {@code relu_bp} otherwise.
 */
public final class Relu implements Layer {
    private INDArray input;
    private INDArray output;
    private INDArray gradInput;
    private INDArray sum; // forwardSum's a + b when the one-pass loop does not apply

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

    /**
     * max(a + b, 0): the forward of a residual block's sum and ReLU, in one pass for dense float32 arrays; the
     * backward is {@link #backward} as after {@code forward(a + b)}.
     */
    INDArray forwardSum(INDArray a, INDArray b, ForwardMode mode) {
        output = Buffers.reuse(output, a.dataType(), a.shape());
        if (FloatElementwise.supports(a, b, output)) {
            FloatElementwise.addRelu(a, b, output);
            input = output; // relu(s) > 0 exactly where s > 0: the backward's mask is the same
            return output;
        }
        sum = Buffers.reuse(sum, a.dataType(), a.shape());
        a.add(b, sum);
        return forward(sum, mode);
    }

    @Override
    public INDArray backward(INDArray gradOutput, INDArray[] grads) {
        gradInput = Buffers.reuse(gradInput, gradOutput.dataType(), input.shape());
        if (FloatElementwise.supports(output, gradOutput, gradInput)) {
            FloatElementwise.reluBackward(output, gradOutput, gradInput);
            return gradInput;
        }
        Nd4j.exec(DynamicCustomOp.builder("relu_bp").addInputs(input, gradOutput).addOutputs(gradInput)
                .addFloatingPointArguments(0.0).build());
        return gradInput;
    }
}
