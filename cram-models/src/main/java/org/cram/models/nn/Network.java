package org.cram.models.nn;

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

/** A classifier made of layers applied in sequence (a layer may itself be composite, e.g. a residual block). */
public final class Network implements Model {
    private final String name;
    private final List<Layer> layers;
    private final ParameterSet parameters;
    private final int[] firstParameter;
    private final DataType dataType;

    public Network(String name, DataType dataType, List<Layer> layers) {
        this.name = name;
        this.dataType = dataType;
        this.layers = List.copyOf(layers);
        this.firstParameter = new int[layers.size()];
        List<Parameter> all = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            firstParameter[i] = all.size();
            all.addAll(layers.get(i).parameters());
        }
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

    public List<Layer> layers() {
        return layers;
    }

    public DataType dataType() {
        return dataType;
    }

    private INDArray forward(INDArray features, ForwardMode mode) {
        INDArray x = features.dataType() == dataType ? features : features.castTo(dataType);
        for (Layer layer : layers) {
            x = layer.forward(x, mode);
        }
        return x;
    }

    @Override
    public INDArray output(INDArray features, ForwardMode mode) {
        return forward(features, mode).dup('c');
    }

    @Override
    public LossResult lossAndGradients(Batch batch, TensorSet gradients, ForwardMode mode) {
        if (mode == ForwardMode.EVAL) {
            throw new IllegalArgumentException("gradients are taken in TRAIN or TRAIN_FROZEN_STATS mode, not EVAL");
        }
        if (gradients.size() != parameters.size()) {
            throw new IllegalArgumentException("gradient set has " + gradients.size() + " arrays, model '" + name
                    + "' has " + parameters.size() + " parameters");
        }
        INDArray logits = forward(batch.features(), mode);
        SoftmaxCrossEntropy.Result loss = SoftmaxCrossEntropy.compute(logits, batch.labels());
        INDArray grad = loss.gradLogits();
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            int count = layer.parameters().size();
            INDArray[] slots = new INDArray[count];
            for (int j = 0; j < count; j++) {
                slots[j] = gradients.get(firstParameter[i] + j);
            }
            grad = layer.backward(grad, slots);
        }
        return new LossResult(loss.loss(), loss.correct(), batch.size());
    }

    @Override
    public boolean hasBatchNorm() {
        return layers.stream().anyMatch(Layer::hasRunningStatistics);
    }

    @Override
    public void resetBatchNormStatistics() {
        layers.forEach(Layer::resetRunningStatistics);
    }

    @Override
    public List<INDArray> batchNormStatistics() {
        List<INDArray> out = new ArrayList<>();
        layers.forEach(l -> out.addAll(l.runningStatistics()));
        return out;
    }

    /** The batch-norm layers, nested ones included, in parameter order (for tests and re-tuning diagnostics). */
    public List<BatchNorm2d> batchNormLayers() {
        List<BatchNorm2d> out = new ArrayList<>();
        layers.forEach(l -> collectBatchNorm(l, out));
        return out;
    }

    private static void collectBatchNorm(Layer layer, List<BatchNorm2d> out) {
        if (layer instanceof BatchNorm2d bn) {
            out.add(bn);
        }
        layer.children().forEach(child -> collectBatchNorm(child, out));
    }
}
