package org.cram.models.bert;

import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.cram.models.nn.Layer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * BERT's pooler: the first ([CLS]) token's hidden state through {@code pooler.dense} and tanh. Input
 * {@code [n, seq, hidden]}, output {@code [n, hidden]}.
 */
public final class BertPooler implements Layer {
    private final Linear dense;
    private INDArray cls;
    private INDArray output;
    private INDArray gradPre;
    private INDArray gradInput;
    private long[] inputShape;

    /** @param prunable whether {@code pooler.dense.weight} is prunable */
    public BertPooler(String prefix, int hidden, boolean prunable, DataType type, BertInit init) {
        this.dense = new Linear(prefix + ".dense", hidden, hidden, prunable, type, init);
    }

    @Override
    public List<Parameter> parameters() {
        return dense.parameters();
    }

    @Override
    public INDArray forward(INDArray hidden, ForwardMode mode) {
        inputShape = hidden.shape();
        cls = Nd.reuse(cls, hidden.dataType(), inputShape[0], inputShape[2]);
        cls.assign(hidden.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()));
        INDArray pre = dense.forward(cls, mode);
        output = Nd.reuse(output, pre.dataType(), pre.shape());
        Nd4j.exec(new Tanh(pre, output));
        return output;
    }

    @Override
    public INDArray backward(INDArray gradOutput, INDArray[] grads) {
        // d tanh = 1 - y^2
        gradPre = Nd.reuse(gradPre, output.dataType(), output.shape());
        output.mul(output, gradPre).rsubi(1.0).muli(gradOutput);
        INDArray dCls = dense.backward(gradPre, grads);
        gradInput = Nd.reuse(gradInput, dCls.dataType(), inputShape);
        gradInput.assign(0);
        gradInput.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()).assign(dCls);
        return gradInput;
    }
}
