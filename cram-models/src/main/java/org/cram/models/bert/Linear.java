package org.cram.models.bert;

import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.cram.models.nn.Layer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Affine map over the last axis, {@code y = x W^T + b}, for inputs of any rank >= 2 ({@code [n, in]} or
 * {@code [n, seq, in]}), with torch.nn.Linear's weight layout {@code [out, in]} (role WEIGHT) and bias (role BIAS,
 * never prunable). The leading axes are flattened into one gemm.
 */
public final class Linear implements Layer {
    private final Parameter weight;
    private final Parameter bias;
    private INDArray input;
    private INDArray output;
    private INDArray gradInput;

    /**
     * @param name     prefix of the parameter names ({@code name + ".weight"}, {@code name + ".bias"})
     * @param prunable whether compressors may change the weight
     */
    public Linear(String name, int in, int out, boolean prunable, DataType type, BertInit init) {
        Parameter w = Parameter.linearWeight(name + ".weight", init.weight(type, out, in));
        this.weight = prunable ? w : w.withPrunable(false);
        this.bias = Parameter.of(name + ".bias", ParameterRole.BIAS, false, BertInit.zerosOf(type, out));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    /** The weight {@code [out, in]}. */
    public Parameter weight() {
        return weight;
    }

    /** The bias {@code [out]}. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public INDArray forward(INDArray x, ForwardMode mode) {
        INDArray w = weight.value();
        if (x.size(x.rank() - 1) != w.size(1)) {
            throw new IllegalArgumentException("linear '" + weight.name() + "' expects input width " + w.size(1)
                    + ", got shape " + java.util.Arrays.toString(x.shape()));
        }
        input = Nd.contiguous(x);
        long[] shape = input.shape().clone();
        shape[shape.length - 1] = w.size(0);
        output = Nd.reuse(output, input.dataType(), shape);
        INDArray out2d = Nd.rows(output);
        Nd4j.gemm(Nd.rows(input), w, out2d, false, true, 1.0, 0.0);
        Nd.addRows(bias.value(), out2d, 1.0, 1.0);
        return output;
    }

    @Override
    public INDArray backward(INDArray gradOutput, INDArray[] grads) {
        // dW = dY^T X ; db = column sums of dY ; dX = dY W (all over the flattened leading axes)
        INDArray dy = Nd.rows(Nd.contiguous(gradOutput));
        INDArray x = Nd.rows(input);
        Nd4j.gemm(dy, x, grads[0], true, false, 1.0, 0.0);
        dy.sum(grads[1], 0);
        gradInput = Nd.reuse(gradInput, dy.dataType(), input.shape());
        Nd4j.gemm(dy, weight.value(), Nd.rows(gradInput), false, false, 1.0, 0.0);
        return gradInput;
    }
}
