package org.cram.models.bert;

import java.util.ArrayList;
import java.util.List;
import org.cram.api.data.Batch;
import org.cram.api.model.ForwardMode;
import org.cram.api.model.Model;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterSet;
import org.cram.api.param.TensorSet;
import org.cram.models.nn.SoftmaxCrossEntropy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * BERT for sequence classification: encoder, pooling ({@link Pooling}), then a linear classifier
 * ({@code classifier.weight} {@code [classes, hidden]}); the loss is the mean softmax cross-entropy over the labels.
 * With {@link Pooling#CLS_POOLER} this is Hugging Face's BertForSequenceClassification without dropout (its parameter
 * names lack the {@code bert.} prefix of that class's state dict).
 *
 * <p>Batches carry the token ids as features and optionally {@link Batch#ATTENTION_MASK} and
 * {@link Batch#TOKEN_TYPE_IDS}. {@link ForwardMode} has no effect: the model has no dropout and no batch norm.
 */
public final class BertForSequenceClassification implements Model {
    private final String name;
    private final BertEncoder encoder;
    private final Pooling pooling;
    private final BertPooler pooler;
    private final MeanPooling meanPooling = new MeanPooling();
    private final Linear classifier;
    private final ParameterSet parameters;
    private final int encoderCount;
    private final int poolerCount;
    private INDArray clsState;
    private INDArray clsGrad;

    /**
     * @param numClasses number of labels
     * @param scope      which tensors are prunable; the pooler's and classifier's weights only from
     *                   {@link PruningScope#ALL_LINEAR}
     */
    public BertForSequenceClassification(String name, BertConfig config, int numClasses, Pooling pooling,
                                         PruningScope scope, DataType type, BertInit init) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + numClasses);
        }
        this.name = name;
        this.encoder = new BertEncoder(config, scope, type, init);
        this.pooling = pooling;
        this.pooler = pooling == Pooling.CLS_POOLER
                ? new BertPooler("pooler", config.hiddenSize(), scope.headLinear(), type, init) : null;
        this.classifier = new Linear("classifier", config.hiddenSize(), numClasses, scope.headLinear(), type, init);
        List<Parameter> all = new ArrayList<>(encoder.parameters());
        encoderCount = all.size();
        if (pooler != null) {
            all.addAll(pooler.parameters());
        }
        poolerCount = all.size() - encoderCount;
        all.addAll(classifier.parameters());
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

    /** How hidden states are pooled before the classifier. */
    public Pooling pooling() {
        return pooling;
    }

    private INDArray logits(BertInputs inputs, ForwardMode mode) {
        INDArray hidden = encoder.forward(inputs, mode);
        INDArray pooled = switch (pooling) {
            case CLS_POOLER -> pooler.forward(hidden, mode);
            case CLS -> cls(hidden);
            case MEAN -> meanPooling.forward(hidden, inputs.attentionMask());
        };
        return classifier.forward(pooled, mode);
    }

    private INDArray cls(INDArray hidden) {
        clsState = Nd.reuse(clsState, hidden.dataType(), hidden.size(0), hidden.size(2));
        clsState.assign(hidden.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()));
        return clsState;
    }

    @Override
    public INDArray output(INDArray features, ForwardMode mode) {
        return logits(BertInputs.of(features, null, null, encoder.config()), mode).dup('c');
    }

    /** @return logits {@code [n, classes]} */
    @Override
    public INDArray output(Batch batch, ForwardMode mode) {
        return logits(BertInputs.from(batch, encoder.config()), mode).dup('c');
    }

    @Override
    public LossResult lossAndGradients(Batch batch, TensorSet gradients, ForwardMode mode) {
        ModelSupport.checkGradientCall(name, parameters, gradients, mode);
        BertInputs inputs = BertInputs.from(batch, encoder.config());
        INDArray logits = logits(inputs, mode);
        SoftmaxCrossEntropy.Result loss = SoftmaxCrossEntropy.compute(logits, batch.labels());
        int total = parameters.size();
        INDArray dPooled = classifier.backward(loss.gradLogits(), ModelSupport.slots(gradients, total - 2, total));
        INDArray dHidden = switch (pooling) {
            case CLS_POOLER -> pooler.backward(dPooled,
                    ModelSupport.slots(gradients, encoderCount, encoderCount + poolerCount));
            case CLS -> clsBackward(dPooled, inputs);
            case MEAN -> meanPooling.backward(dPooled);
        };
        encoder.backward(dHidden, ModelSupport.slots(gradients, 0, encoderCount));
        return new LossResult(loss.loss(), loss.correct(), batch.size());
    }

    private INDArray clsBackward(INDArray dPooled, BertInputs inputs) {
        long h = dPooled.size(1);
        clsGrad = Nd.reuse(clsGrad, dPooled.dataType(), inputs.batchSize(), inputs.sequenceLength(), h);
        clsGrad.assign(0);
        clsGrad.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()).assign(dPooled);
        return clsGrad;
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
