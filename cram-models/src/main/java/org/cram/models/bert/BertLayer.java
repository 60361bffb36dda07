package org.cram.models.bert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One post-norm transformer encoder layer of BERT (Hugging Face's {@code BertLayer}):
 * {@code h = LN(x + Dense(SelfAttention(x)))}, {@code out = LN(h + Dense(GELU(Dense(h))))}.
 * Parameter names follow Hugging Face: {@code attention.self.{query,key,value}}, {@code attention.output.dense},
 * {@code attention.output.LayerNorm}, {@code intermediate.dense}, {@code output.dense}, {@code output.LayerNorm}.
 */
public final class BertLayer {
    private final SelfAttention attention;
    private final Linear attentionOutput;
    private final LayerNorm attentionNorm;
    private final Linear intermediate;
    private final Gelu gelu = new Gelu();
    private final Linear output;
    private final LayerNorm outputNorm;
    private final List<Parameter> parameters;
    private final int[] offsets;
    private INDArray residual1;
    private INDArray residual2;
    private INDArray gradHidden;
    private INDArray gradInput;

    /** @param prefix e.g. {@code "encoder.layer.0"} */
    public BertLayer(String prefix, BertConfig config, boolean prunable, DataType type, BertInit init) {
        this(prefix, config, prunable, type, init, new Scratch());
    }

    BertLayer(String prefix, BertConfig config, boolean prunable, DataType type, BertInit init, Scratch scratch) {
        int h = config.hiddenSize();
        int i = config.intermediateSize();
        double eps = config.layerNormEps();
        this.attention = new SelfAttention(prefix + ".attention.self", config, prunable, type, init, scratch);
        this.attentionOutput = new Linear(prefix + ".attention.output.dense", h, h, prunable, type, init);
        this.attentionNorm = new LayerNorm(prefix + ".attention.output.LayerNorm", h, eps, type);
        this.intermediate = new Linear(prefix + ".intermediate.dense", h, i, prunable, type, init);
        this.output = new Linear(prefix + ".output.dense", i, h, prunable, type, init);
        this.outputNorm = new LayerNorm(prefix + ".output.LayerNorm", h, eps, type);
        List<Parameter> all = new ArrayList<>();
        List<List<Parameter>> parts = List.of(attention.parameters(), attentionOutput.parameters(),
                attentionNorm.parameters(), intermediate.parameters(), output.parameters(), outputNorm.parameters());
        offsets = new int[parts.size() + 1];
        for (int p = 0; p < parts.size(); p++) {
            offsets[p] = all.size();
            all.addAll(parts.get(p));
        }
        offsets[parts.size()] = all.size();
        this.parameters = List.copyOf(all);
    }

    /** The layer's 16 parameters in Hugging Face's state-dict order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * @param x {@code [n, seq, hidden]}
     * @return {@code [n, seq, hidden]} (a buffer owned by this layer)
     */
    public INDArray forward(INDArray x, AttentionMask mask, ForwardMode mode) {
        INDArray a = attentionOutput.forward(attention.forward(x, mask, mode), mode);
        residual1 = Nd.reuse(residual1, x.dataType(), x.shape());
        a.add(x, residual1);
        INDArray h = attentionNorm.forward(residual1, mode);
        INDArray f = output.forward(gelu.forward(intermediate.forward(h, mode), mode), mode);
        residual2 = Nd.reuse(residual2, x.dataType(), x.shape());
        f.add(h, residual2);
        return outputNorm.forward(residual2, mode);
    }

    /** @return dLoss/dx, {@code [n, seq, hidden]} */
    public INDArray backward(INDArray gradOutput, INDArray[] grads) {
        INDArray dResidual2 = outputNorm.backward(gradOutput, slots(grads, 5));
        INDArray dGelu = output.backward(dResidual2, slots(grads, 4));
        INDArray dH = intermediate.backward(gelu.backward(dGelu, new INDArray[0]), slots(grads, 3));
        gradHidden = Nd.reuse(gradHidden, dH.dataType(), dH.shape());
        dH.add(dResidual2, gradHidden);
        INDArray dResidual1 = attentionNorm.backward(gradHidden, slots(grads, 2));
        INDArray dAttention = attentionOutput.backward(dResidual1, slots(grads, 1));
        INDArray dX = attention.backward(dAttention, slots(grads, 0));
        gradInput = Nd.reuse(gradInput, dX.dataType(), dX.shape());
        dX.add(dResidual1, gradInput);
        return gradInput;
    }

    private INDArray[] slots(INDArray[] grads, int part) {
        return Arrays.copyOfRange(grads, offsets[part], offsets[part + 1]);
    }
}
