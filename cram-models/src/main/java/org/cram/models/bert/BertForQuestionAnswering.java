package org.cram.models.bert;

import java.util.ArrayList;
import java.util.List;
import org.cram.api.data.Batch;
import org.cram.api.model.ForwardMode;
import org.cram.api.model.Model;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterSet;
import org.cram.api.param.TensorSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * BERT for extractive (span) question answering, as Hugging Face's BertForQuestionAnswering: encoder (no pooler),
 * then {@code qa_outputs}, a linear map {@code hidden -> 2} giving start and end logits per position; the loss is
 * {@link SpanCrossEntropy}. The primary labels of a batch are the start positions and
 * {@link Batch#END_POSITIONS} the end positions; {@link Model.LossResult#correct()} counts examples whose argmax
 * start and argmax end both match.
 */
public final class BertForQuestionAnswering implements Model {
    private final String name;
    private final BertEncoder encoder;
    private final Linear qaOutputs;
    private final ParameterSet parameters;
    private final int encoderCount;

    /** @param scope which tensors are prunable; {@code qa_outputs.weight} only from {@link PruningScope#ALL_LINEAR} */
    public BertForQuestionAnswering(String name, BertConfig config, PruningScope scope, DataType type,
                                    BertInit init) {
        this.name = name;
        this.encoder = new BertEncoder(config, scope, type, init);
        this.qaOutputs = new Linear("qa_outputs", config.hiddenSize(), 2, scope.headLinear(), type, init);
        List<Parameter> all = new ArrayList<>(encoder.parameters());
        encoderCount = all.size();
        all.addAll(qaOutputs.parameters());
        this.parameters = new ParameterSet(all);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    /** The encoder (for loading pretrained weights). */
    public BertEncoder encoder() {
        return encoder;
    }

    /** {@code [n, seq, 2]}, a buffer owned by the head. */
    private INDArray logits(BertInputs inputs, ForwardMode mode) {
        return qaOutputs.forward(encoder.forward(inputs, mode), mode);
    }

    @Override
    public INDArray output(INDArray features, ForwardMode mode) {
        return startEndMajor(logits(BertInputs.of(features, null, null, encoder.config()), mode));
    }

    /** @return start and end logits {@code [n, 2, seq]} (index 0 start, 1 end) */
    @Override
    public INDArray output(Batch batch, ForwardMode mode) {
        return startEndMajor(logits(BertInputs.from(batch, encoder.config()), mode));
    }

    private static INDArray startEndMajor(INDArray logits) {
        return logits.permute(0, 2, 1).dup('c');
    }

    @Override
    public LossResult lossAndGradients(Batch batch, TensorSet gradients, ForwardMode mode) {
        ModelSupport.checkGradientCall(name, parameters, gradients, mode);
        INDArray logits = logits(BertInputs.from(batch, encoder.config()), mode);
        SpanCrossEntropy.Result loss = SpanCrossEntropy.compute(logits, batch.labels(),
                batch.labels(Batch.END_POSITIONS));
        int total = parameters.size();
        INDArray dHidden = qaOutputs.backward(loss.gradLogits(), ModelSupport.slots(gradients, encoderCount, total));
        encoder.backward(dHidden, ModelSupport.slots(gradients, 0, encoderCount));
        return new LossResult(loss.loss(), loss.correct(), batch.size());
    }

    @Override
    public boolean hasBatchNorm() {
        return false;
    }

    @Override
    public void resetBatchNormStatistics() {
        // no batch norm
    }

    @Override
    public List<INDArray> batchNormStatistics() {
        return List.of();
    }
}
