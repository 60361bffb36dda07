package org.cram.models.nn;

import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fully connected layer {@code y = x W^T + b} with PyTorch's weight layout {@code [out, in]}, so checkpoints compare
 * tensor by tensor with {@code torch.nn.Linear}. Input {@code [n, in]}.
 */
public final class Dense implements Layer {
    private final Parameter weight;
    private final Parameter bias;
    private INDArray input;
    private INDArray output;
    private INDArray gradInput;

    /** Weights and bias drawn as torch.nn.Linear does: U(-1/sqrt(in), 1/sqrt(in)). */
    public Dense(String name, int in, int out, DataType type, Initializer init) {
        double bound = 1.0 / Math.sqrt(in);
        this.weight = Parameter.linearWeight(name + ".weight", init.uniform(type, -bound, bound, out, in));
        this.bias = Parameter.of(name + ".bias", ParameterRole.BIAS, false, init.uniform(type, -bound, bound, out));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public INDArray forward(INDArray x, ForwardMode mode) {
        input = x;
        INDArray w = weight.value();
        output = Buffers.reuse(output, x.dataType(), x.size(0), w.size(0));
        Nd4j.gemm(x, w, output, false, true, 1.0, 0.0);
        output.addiRowVector(bias.value());
        return output;
    }

    @Override
    public INDArray backward(INDArray gradOutput, INDArray[] grads) {
        // dW = dY^T x ; db = sum_rows dY ; dX = dY W
        Nd4j.gemm(gradOutput, input, grads[0], true, false, 1.0, 0.0);
        grads[1].assign(gradOutput.sum(0));
        gradInput = Buffers.reuse(gradInput, gradOutput.dataType(), input.shape());
        Nd4j.gemm(gradOutput, weight.value(), gradInput, false, false, 1.0, 0.0);
        return gradInput;
    }
}
