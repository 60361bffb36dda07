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
 * are Java loops over the native buffers for contiguous float32 input ({@link FloatBatchNorm}, several times faster
 * than libnd4j here) and libnd4j's native {@code batchnorm} / {@code batchnorm_bp} otherwise (double precision,
 * strided views); SameDiff's own backward is broken in M2.1.
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
    private float[] batchMeanFloat; // the float32 path's batch statistics (then batchMean is null)
    private float[] batchVarFloat;
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
        input = kernelLayout(x);
        output = Buffers.reuse(output, x.dataType(), x.shape());
        if (mode == ForwardMode.EVAL) {
            normalize(runningMean, runningVar);
            return output;
        }
        long n = x.length() / x.size(CHANNEL_AXIS);
        double unbias = n > 1 ? (double) n / (n - 1) : 1.0;
        if (FloatBatchNorm.supports(input)) {
            // float32: statistics, running averages and normalization on Java arrays, no per-call ND4J ops
            int channels = (int) x.size(CHANNEL_AXIS);
            float[] mean = new float[channels];
            float[] var = new float[channels];
            FloatBatchNorm.statistics(input, mean, var);
            batchMeanFloat = mean;
            batchVarFloat = var;
            batchMean = null;
            if (mode == ForwardMode.TRAIN) {
                updateRunning(runningMean, mean, 1.0);
                updateRunning(runningVar, var, unbias);
            }
            FloatBatchNorm.normalize(input, mean, var, FloatVectors.read(gamma.value()),
                    FloatVectors.read(beta.value()), EPSILON, output);
            return output;
        }
        batchMeanFloat = null;
        batchMean = input.mean(0, 2, 3);
        batchVar = input.var(false, 0, 2, 3);
        if (mode == ForwardMode.TRAIN) {
            runningMean.muli(1 - MOMENTUM).addi(batchMean.mul(MOMENTUM));
            runningVar.muli(1 - MOMENTUM).addi(batchVar.mul(MOMENTUM * unbias));
        }
        normalize(batchMean, batchVar);
        return output;
    }

    /**
     * running = running * (1 - m) + batch * (m * scale), rounded in float as the ND4J expression of the native path
     * ({@code running.muli(1 - m).addi(batch.mul(m * scale))}).
     */
    private static void updateRunning(INDArray running, float[] batch, double scale) {
        float[] r = FloatVectors.read(running);
        float keep = (float) (1 - MOMENTUM);
        float take = (float) (MOMENTUM * scale);
        for (int c = 0; c < r.length; c++) {
            r[c] = r[c] * keep + batch[c] * take;
        }
        FloatVectors.write(r, running);
    }

    /** {@code a} itself, or a C-ordered copy of a float32 NCHW array in another layout, so the fast kernels apply. */
    private static INDArray kernelLayout(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.rank() == 4 && !FloatBatchNorm.supports(a) ? a.dup('c') : a;
    }

    private void normalize(INDArray mean, INDArray var) {
        if (FloatBatchNorm.supports(input)) {
            FloatBatchNorm.normalize(input, FloatVectors.read(mean), FloatVectors.read(var),
                    FloatVectors.read(gamma.value()), FloatVectors.read(beta.value()), EPSILON, output);
            return;
        }
        Nd4j.exec(DynamicCustomOp.builder("batchnorm")
                .addInputs(input, mean, var, gamma.value(), beta.value())
                .addOutputs(output)
                .addIntegerArguments(1, 1, CHANNEL_AXIS) // applyGamma, applyBeta, axis
                .addFloatingPointArguments(EPSILON)
                .build());
    }

    @Override
    public INDArray backward(INDArray gradOutput, INDArray[] grads) {
        if (batchMean == null && batchMeanFloat == null) {
            throw new IllegalStateException("batch norm '" + name + "': backward needs a training-mode forward first");
        }
        gradInput = Buffers.reuse(gradInput, gradOutput.dataType(), input.shape());
        if (batchMeanFloat != null) {
            INDArray dy = kernelLayout(gradOutput);
            float[] gradGamma = new float[batchMeanFloat.length];
            float[] gradBeta = new float[gradGamma.length];
            FloatBatchNorm.backward(input, dy, batchMeanFloat, batchVarFloat, FloatVectors.read(gamma.value()),
                    EPSILON, gradInput, gradGamma, gradBeta);
            FloatVectors.write(gradGamma, grads[0]);
            FloatVectors.write(gradBeta, grads[1]);
            return gradInput;
        }
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
