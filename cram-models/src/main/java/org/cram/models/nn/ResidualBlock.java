package org.cram.models.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A residual block {@code relu(main(x) + shortcut(x))}, where the shortcut is the identity or a projection. Its
 * parameters are the main path's followed by the shortcut's (torchvision's state-dict order), and its backward
 * sends the gradient through both branches and sums their input gradients.
 */
public abstract class ResidualBlock implements Layer {
    private static final INDArray[] NO_SLOTS = new INDArray[0];
    private final Sequential main;
    private final Sequential shortcut; // null: identity
    private final Relu relu = new Relu();
    private final List<Parameter> parameters;
    private final INDArray[] mainSlots;
    private final INDArray[] shortcutSlots;
    private INDArray gradInput;

    /**
     * @param shortcut the projection branch, or null for the identity (then main must keep the input's shape)
     */
    protected ResidualBlock(Sequential main, Sequential shortcut) {
        this.main = main;
        this.shortcut = shortcut;
        List<Parameter> all = new ArrayList<>(main.parameters());
        if (shortcut != null) {
            all.addAll(shortcut.parameters());
        }
        this.parameters = List.copyOf(all);
        this.mainSlots = new INDArray[main.parameters().size()];
        this.shortcutSlots = new INDArray[shortcut == null ? 0 : shortcut.parameters().size()];
    }

    /**
     * The reference's "option B" shortcut: a 1x1 convolution (no bias) and batch norm named
     * {@code name.downsample.0} / {@code name.downsample.1}, when the stride or the channel count changes; null (the
     * identity) otherwise.
     */
    protected static Sequential downsample(String name, int in, int out, int stride, DataType type,
                                           Initializer init) {
        if (stride == 1 && in == out) {
            return null;
        }
        return new Sequential(
                new Conv2d(name + ".downsample.0", in, out, 1, stride, 0, false, type, init),
                new BatchNorm2d(name + ".downsample.1", out, type));
    }

    /** Whether the shortcut is a projection rather than the identity. */
    public boolean hasProjectionShortcut() {
        return shortcut != null;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public INDArray forward(INDArray x, ForwardMode mode) {
        INDArray branch = main.forward(x, mode);
        INDArray skip = shortcut == null ? x : shortcut.forward(x, mode);
        if (!Arrays.equals(branch.shape(), skip.shape())) {
            throw new IllegalStateException("residual branches disagree: main " + Arrays.toString(branch.shape())
                    + ", shortcut " + Arrays.toString(skip.shape()));
        }
        return relu.forwardSum(branch, skip, mode);
    }

    @Override
    public INDArray backward(INDArray gradOutput, INDArray[] parameterGrads) {
        if (parameterGrads.length != parameters.size()) {
            throw new IllegalArgumentException("expected " + parameters.size() + " gradient slots, got "
                    + parameterGrads.length);
        }
        INDArray gradSum = relu.backward(gradOutput, NO_SLOTS);
        System.arraycopy(parameterGrads, 0, mainSlots, 0, mainSlots.length);
        System.arraycopy(parameterGrads, mainSlots.length, shortcutSlots, 0, shortcutSlots.length);
        // each branch writes into its own buffers, so gradSum stays intact for the second branch
        INDArray gradMain = main.backward(gradSum, mainSlots);
        INDArray gradSkip = shortcut == null ? gradSum : shortcut.backward(gradSum, shortcutSlots);
        gradInput = Buffers.reuse(gradInput, gradMain.dataType(), gradMain.shape());
        if (FloatElementwise.supports(gradMain, gradSkip, gradInput)) {
            FloatElementwise.add(gradMain, gradSkip, gradInput);
        } else {
            gradMain.add(gradSkip, gradInput);
        }
        return gradInput;
    }

    @Override
    public void resetRunningStatistics() {
        children().forEach(Layer::resetRunningStatistics);
    }

    @Override
    public List<INDArray> runningStatistics() {
        List<INDArray> out = new ArrayList<>();
        children().forEach(l -> out.addAll(l.runningStatistics()));
        return out;
    }

    @Override
    public boolean hasRunningStatistics() {
        return children().stream().anyMatch(Layer::hasRunningStatistics);
    }

    /** The main path, the shortcut if it is a projection, and the final ReLU. */
    @Override
    public List<Layer> children() {
        return shortcut == null ? List.of(main, relu) : List.of(main, shortcut, relu);
    }
}
