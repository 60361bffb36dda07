package org.cram.models.nn;

import java.util.ArrayList;
import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layers applied in sequence as one composite layer (torch's {@code nn.Sequential}): its parameters are its
 * children's in order, and its backward hands each child the slice of gradient slots that belongs to it.
 */
public final class Sequential implements Layer {
    private final List<Layer> layers;
    private final List<Parameter> parameters;
    private final int[] firstParameter;
    // one reusable slot array per child, so backward allocates no Java arrays
    private final INDArray[][] childSlots;

    public Sequential(List<? extends Layer> layers) {
        this.layers = List.copyOf(layers);
        this.firstParameter = new int[this.layers.size()];
        this.childSlots = new INDArray[this.layers.size()][];
        List<Parameter> all = new ArrayList<>();
        for (int i = 0; i < this.layers.size(); i++) {
            firstParameter[i] = all.size();
            List<Parameter> own = this.layers.get(i).parameters();
            childSlots[i] = new INDArray[own.size()];
            all.addAll(own);
        }
        this.parameters = List.copyOf(all);
    }

    public Sequential(Layer... layers) {
        this(List.of(layers));
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public INDArray forward(INDArray input, ForwardMode mode) {
        INDArray x = input;
        for (Layer layer : layers) {
            x = layer.forward(x, mode);
        }
        return x;
    }

    @Override
    public INDArray backward(INDArray gradOutput, INDArray[] parameterGrads) {
        if (parameterGrads.length != parameters.size()) {
            throw new IllegalArgumentException("expected " + parameters.size() + " gradient slots, got "
                    + parameterGrads.length);
        }
        INDArray grad = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            INDArray[] slots = childSlots[i];
            System.arraycopy(parameterGrads, firstParameter[i], slots, 0, slots.length);
            grad = layers.get(i).backward(grad, slots);
        }
        return grad;
    }

    @Override
    public void resetRunningStatistics() {
        layers.forEach(Layer::resetRunningStatistics);
    }

    @Override
    public List<INDArray> runningStatistics() {
        List<INDArray> out = new ArrayList<>();
        layers.forEach(l -> out.addAll(l.runningStatistics()));
        return out;
    }

    @Override
    public boolean hasRunningStatistics() {
        return layers.stream().anyMatch(Layer::hasRunningStatistics);
    }

    @Override
    public List<Layer> children() {
        return layers;
    }
}
