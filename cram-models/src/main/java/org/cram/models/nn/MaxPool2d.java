package org.cram.models.nn;

import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Max pooling over NCHW input with a square window, as {@code torch.nn.MaxPool2d(kernel, stride, padding)}
 * (floor mode): the output side is {@code floor((in + 2 * padding - kernel) / stride) + 1}, and padded positions
 * never win (they act as minus infinity, not zero), which libnd4j's {@code maxpool2d} does as well.
 */
public final class MaxPool2d implements Layer {
    private final int kernel;
    private final int stride;
    private final int padding;
    private INDArray input;
    private INDArray output;
    private INDArray gradInput;

    /** A window equal to its stride and no padding (e.g. the classic 2x2 pooling). */
    public MaxPool2d(int size) {
        this(size, size, 0);
    }

    /**
     * @param padding at most {@code kernel / 2}, as torch requires, so every window holds an input element
     */
    public MaxPool2d(int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0 || padding > kernel / 2) {
            throw new IllegalArgumentException("max pooling needs kernel >= 1, stride >= 1 and 0 <= padding <= kernel/2,"
                    + " got kernel " + kernel + ", stride " + stride + ", padding " + padding);
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    private long outSize(long inSize) {
        if (inSize + 2L * padding < kernel) {
            throw new IllegalArgumentException("input side " + inSize + " (padding " + padding
                    + ") is smaller than the pooling window " + kernel);
        }
        return (inSize + 2L * padding - kernel) / stride + 1;
    }

    private int[] intArgs() {
        // kH, kW, sH, sW, pH, pW, dH, dW, sameMode=0, extraParam0 (unused for max), isNHWC=0
        return new int[] {kernel, kernel, stride, stride, padding, padding, 1, 1, 0, 0, 0};
    }

    @Override
    public INDArray forward(INDArray x, ForwardMode mode) {
        input = x;
        output = Buffers.reuse(output, x.dataType(), x.size(0), x.size(1), outSize(x.size(2)), outSize(x.size(3)));
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
