package org.cram.models.nn;

import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalization over the channel axis of NCHW input, with torch.nn.BatchNorm2d semantics: training
 * normalizes with the batch mean and biased variance and moves running statistics by momentum 0.1 towards the
 * batch mean and <em>unbiased</em> variance; evaluation normalizes with the running statistics. Forward and backward
 * are libnd4j's native {@code batchnorm} / {@code batchnorm_bp} (SameDiff's own backward is broken in M2.1).
 */
public final class BatchNorm2d implements Layer {
    /** torch's default: running = (1 - m) * running + m * batch. */
    public static final double MOMENTUM = 0.1;
    public static final double EPSILON = 1e-5;
    private static final int CHANNEL_AXIS = 1;

    private final String name;
    private final Parameter gamma;
    private final Parameter beta;
    private final INDArray runningMean;
    private final INDArray runningVar;
    private INDArray input;
    private INDArray batchMean;
    private INDArray batchVar;
    private INDArray output;
    private INDArray gradInput;

    public BatchNorm2d(String name, int channels, DataType type) {
        this.name = name;
        this.gamma = Parameter.of(name + ".weight", ParameterRole.NORMALIZATION, false,
                Initializer.constant(type, 1.0, channels));
        this.beta = Parameter.of(name + ".bias", ParameterRole.NORMALIZATION, false,
                Initializer.constant(type, 0.0, channels));
        this.runningMean = Initializer.constant(type, 0.0, channels);
        this.runningVar = Initializer.constant(type, 1.0, channels);
    }

    public String name() {
        return name;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    /** The live running mean (written by training forwards in {@link ForwardMode#TRAIN}). */
    public INDArray runningMean() {
        return runningMean;
    }

    /** The live running variance. */
    public INDArray runningVar() {
        return runningVar;
    }

    @Override
    public INDArray forward(INDArray x, ForwardMode mode) {
        input = x;
        output = Buffers.reuse(output, x.dataType(), x.shape());
        INDArray mean;
        INDArray var;
        if (mode == ForwardMode.EVAL) {
            mean = runningMean;
            var = runningVar;
        } else {
            batchMean = x.mean(0, 2, 3);
            batchVar = x.var(false, 0, 2, 3);
            mean = batchMean;
            var = batchVar;
            if (mode == ForwardMode.TRAIN) {
                long n = x.length() / x.size(1);
                double unbias = n > 1 ? (double) n / (n - 1) : 1.0;
                runningMean.muli(1 - MOMENTUM).addi(batchMean.mul(MOMENTUM));
                runningVar.muli(1 - MOMENTUM).addi(batchVar.mul(MOMENTUM * unbias));
            }
        }
        Nd4j.exec(DynamicCustomOp.builder("batchnorm")
                .addInputs(x, mean, var, gamma.value(), beta.value())
                .addOutputs(output)
                .addIntegerArguments(1, 1, CHANNEL_AXIS) // applyGamma, applyBeta, axis
                .addFloatingPointArguments(EPSILON)
                .build());
        return output;
    }

    @Override
    public INDArray backward(INDArray gradOutput, INDArray[] grads) {
        if (batchMean == null) {
            throw new IllegalStateException("batch norm '" + name + "': backward needs a training-mode forward first");
        }
        gradInput = Buffers.reuse(gradInput, gradOutput.dataType(), input.shape());
        INDArray gradMean = Nd4j.createUninitialized(batchMean.dataType(), batchMean.shape());
        INDArray gradVar = Nd4j.createUninitialized(batchVar.dataType(), batchVar.shape());
        // M2.1 input order: x, mean, var, gamma, beta, dLdOut (dLdOut last). The op differentiates through the
        // batch statistics, which is right because training forwards normalize with them.
        Nd4j.exec(DynamicCustomOp.builder("batchnorm_bp")
                .addInputs(input, batchMean, batchVar, gamma.value(), beta.value(), gradOutput)
                .addOutputs(gradInput, gradMean, gradVar, grads[0], grads[1])
                .addIntegerArguments(1, 1, CHANNEL_AXIS)
                .addFloatingPointArguments(EPSILON)
                .build());
        return gradInput;
    }

    @Override
    public void resetRunningStatistics() {
        runningMean.assign(0.0);
        runningVar.assign(1.0);
    }

    @Override
    public List<INDArray> runningStatistics() {
        return List.of(runningMean, runningVar);
    }

    @Override
    public boolean hasRunningStatistics() {
        return true;
    }
}
