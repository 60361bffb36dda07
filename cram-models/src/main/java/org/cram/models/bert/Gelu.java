package org.cram.models.bert;

import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.cram.models.nn.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exact GELU of BERT, {@code y = x * Phi(x) = x * (1 + erf(x / sqrt 2)) / 2} (not the tanh or sigmoid
 * approximations that libnd4j's own {@code gelu} ops compute), with derivative {@code Phi(x) + x * phi(x)}.
 */
public final class Gelu implements Layer {
    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
    private INDArray input;
    private INDArray cdf;
    private INDArray output;
    private INDArray scratch;
    private INDArray gradInput;

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public INDArray forward(INDArray x, ForwardMode mode) {
        input = x;
        cdf = Nd.reuse(cdf, x.dataType(), x.shape());
        output = Nd.reuse(output, x.dataType(), x.shape());
        x.mul(INV_SQRT2, cdf);
        Nd4j.exec(new Erf(cdf, cdf));
        cdf.muli(0.5).addi(0.5);
        x.mul(cdf, output);
        return output;
    }

    @Override
    public INDArray backward(INDArray gradOutput, INDArray[] grads) {
        scratch = Nd.reuse(scratch, input.dataType(), input.shape());
        gradInput = Nd.reuse(gradInput, input.dataType(), input.shape());
        // phi(x) = exp(-x^2 / 2) / sqrt(2 pi); dy/dx = Phi(x) + x phi(x)
        input.mul(input, scratch);
        scratch.muli(-0.5);
        Nd4j.exec(new Exp(scratch, scratch));
        scratch.muli(INV_SQRT_2PI).muli(input).addi(cdf);
        gradOutput.mul(scratch, gradInput);
        return gradInput;
    }
}
