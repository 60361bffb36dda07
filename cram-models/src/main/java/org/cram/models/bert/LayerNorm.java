package org.cram.models.bert;

import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.cram.models.nn.Layer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Layer normalization over the last axis, as torch.nn.LayerNorm: {@code y = (x - mean) / sqrt(var + eps) * gamma +
 * beta} with the biased variance; gamma ({@code .weight}) and beta ({@code .bias}) have role NORMALIZATION and are
 * never prunable. The backward is the exact closed form
 * {@code dx = rstd * (g - mean(g) - xhat * mean(g * xhat))} with {@code g = dy * gamma}.
 */
public final class LayerNorm implements Layer {
    private final Parameter gamma;
    private final Parameter beta;
    private final double eps;
    private INDArray xhat;
    private INDArray rstd;
    private INDArray output;
    private INDArray scratch;
    private INDArray gradInput;

    /**
     * @param name prefix of {@code .weight} (gamma, initially 1) and {@code .bias} (beta, initially 0)
     * @param eps  added to the variance (1e-12 for BERT)
     */
    public LayerNorm(String name, int width, double eps, DataType type) {
        if (!(eps > 0)) {
            throw new IllegalArgumentException("layer norm '" + name + "': eps must be positive, got " + eps);
        }
        this.gamma = Parameter.of(name + ".weight", ParameterRole.NORMALIZATION, false, BertInit.onesOf(type, width));
        this.beta = Parameter.of(name + ".bias", ParameterRole.NORMALIZATION, false, BertInit.zerosOf(type, width));
        this.eps = eps;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    @Override
    public INDArray forward(INDArray x, ForwardMode mode) {
        INDArray in = Nd.contiguous(x);
        INDArray x2 = Nd.rows(in);
        long rows = x2.size(0);
        long width = x2.size(1);
        if (width != gamma.value().length()) {
            throw new IllegalArgumentException("layer norm '" + gamma.name() + "' expects width "
                    + gamma.value().length() + ", got " + width);
        }
        DataType type = in.dataType();
        xhat = Nd.reuse(xhat, type, rows, width);
        scratch = Nd.reuse(scratch, type, rows, width);
        output = Nd.reuse(output, type, in.shape());
        // xhat = (x - mean) * rstd, row by row
        INDArray mean = x2.mean(1);
        xhat.assign(x2);
        Nd.addColumns(mean, xhat, -1.0, 1.0);
        xhat.mul(xhat, scratch);
        INDArray var = scratch.mean(1);
        rstd = Transforms.sqrt(var.addi(eps), false).rdivi(1.0);
        Nd.fillColumns(rstd, scratch);
        xhat.muli(scratch);
        // y = xhat * gamma + beta, column by column
        INDArray y = Nd.rows(output);
        Nd.fillRows(gamma.value(), y);
        y.muli(xhat);
        Nd.addRows(beta.value(), y, 1.0, 1.0);
        return output;
    }

    @Override
    public INDArray backward(INDArray gradOutput, INDArray[] grads) {
        INDArray dy = Nd.rows(Nd.contiguous(gradOutput));
        gradInput = Nd.reuse(gradInput, dy.dataType(), output.shape());
        INDArray dx = Nd.rows(gradInput);
        // parameter gradients
        dy.mul(xhat, scratch);
        scratch.sum(grads[0], 0);
        dy.sum(grads[1], 0);
        // g = dy * gamma (into dx); a = mean(g); b = mean(g * xhat)
        Nd.fillRows(gamma.value(), dx);
        dx.muli(dy);
        INDArray a = dx.mean(1);
        dx.mul(xhat, scratch);
        INDArray b = scratch.mean(1);
        // dx = rstd * (g - a - xhat * b)
        Nd.fillColumns(b, scratch);
        scratch.muli(xhat);
        dx.subi(scratch);
        Nd.addColumns(a, dx, -1.0, 1.0);
        Nd.fillColumns(rstd, scratch);
        dx.muli(scratch);
        return gradInput;
    }
}
