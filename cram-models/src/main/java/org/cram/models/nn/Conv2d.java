package org.cram.models.nn;

import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2-D convolution on NCHW input through libnd4j's {@code conv2d} / {@code conv2d_bp} (oneDNN on the default
 * backend). The weight uses libnd4j's default layout {@code [kH, kW, in, out]}; its input axis is 2.
 */
public final class Conv2d implements Layer {
    private final Parameter weight;
    private final Parameter bias; // null when the conv has no bias (followed by batch norm)
    private final int kernel;
    private final int stride;
    private final int padding;
    private INDArray input;
    private INDArray output;
    private INDArray gradInput;

    /**
     * @param withBias false for convolutions followed by batch norm, as ResNets build them
     */
    public Conv2d(String name, int in, int out, int kernel, int stride, int padding, boolean withBias,
                  DataType type, Initializer init) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        // He (fan-out) normal init, as the reference ResNet: N(0, sqrt(2 / (k*k*out)))
        double std = Math.sqrt(2.0 / (kernel * kernel * out));
        this.weight = Parameter.convWeight(name + ".weight", init.normal(type, std, kernel, kernel, in, out));
        this.bias = withBias
                ? Parameter.of(name + ".bias", ParameterRole.BIAS, false, Initializer.constant(type, 0.0, out))
                : null;
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    private int outSize(long inSize) {
        return (int) ((inSize + 2L * padding - kernel) / stride + 1);
    }

    private int[] intArgs() {
        // kH, kW, sH, sW, pH, pW, dH, dW, sameMode=0, dataFormat=0 (NCHW), weightFormat=0 ([kH,kW,iC,oC])
        return new int[] {kernel, kernel, stride, stride, padding, padding, 1, 1, 0, 0, 0};
    }

    @Override
    public INDArray forward(INDArray x, ForwardMode mode) {
        input = x;
        long outChannels = weight.value().size(3);
        output = Buffers.reuse(output, x.dataType(), x.size(0), outChannels, outSize(x.size(2)), outSize(x.size(3)));
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d")
                .addInputs(bias == null ? new INDArray[] {x, weight.value()} : new INDArray[] {x, weight.value(), bias.value()})
                .addOutputs(output)
                .addIntegerArguments(intArgs());
        Nd4j.exec(op.build());
        return output;
    }

    @Override
    public INDArray backward(INDArray gradOutput, INDArray[] grads) {
        gradInput = Buffers.reuse(gradInput, gradOutput.dataType(), input.shape());
        INDArray[] inputs = bias == null
                ? new INDArray[] {input, weight.value(), gradOutput}
                : new INDArray[] {input, weight.value(), bias.value(), gradOutput};
        INDArray[] outputs = bias == null
                ? new INDArray[] {gradInput, grads[0]}
                : new INDArray[] {gradInput, grads[0], grads[1]};
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(inputs).addOutputs(outputs)
                .addIntegerArguments(intArgs()).build());
        return gradInput;
    }
}
