package org.cram.api.model;

import org.cram.api.data.Batch;
import org.cram.api.param.ParameterSet;
import org.cram.api.param.TensorSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable classifier: parameters, a forward pass, and an exact backward pass.
 *
 * <p>Contract: results depend only on the current parameter values, the inputs, the mode and (for batch norm)
 * the running statistics; never on the history of earlier calls. Calls may interleave freely
 * ({@link #output} between gradient calls). Not thread-safe: a model owns preallocated buffers.
 */
public interface Model {

    /** A short name, e.g. {@code "lenet-300-100"}. */
    String name();

    /** The trainable parameters, in a fixed order. */
    ParameterSet parameters();

    /**
     * Forward pass.
     *
     * @return logits {@code [batch, classes]}, a fresh array owned by the caller
     */
    INDArray output(INDArray features, ForwardMode mode);

    /**
     * Forward pass over a whole batch, for models with further named inputs (attention masks, token types); the
     * default uses the primary features only.
     *
     * @return the model's output (logits), a fresh array owned by the caller
     */
    default INDArray output(Batch batch, ForwardMode mode) {
        return output(batch.features(), mode);
    }

    /**
     * Mean softmax cross-entropy loss over the batch and its exact gradients.
     *
     * @param gradients overwritten with dLoss/dParameter, aligned with {@link #parameters()}
     * @param mode      {@link ForwardMode#TRAIN} or {@link ForwardMode#TRAIN_FROZEN_STATS}
     * @return the loss and the number of correctly classified examples of this forward pass
     */
    LossResult lossAndGradients(Batch batch, TensorSet gradients, ForwardMode mode);

    /** Whether the model has batch-norm layers (whose statistics can be re-tuned after compression). */
    boolean hasBatchNorm();

    /** Resets every batch-norm layer's running statistics to mean 0, variance 1 (as torch's reset_running_stats). */
    void resetBatchNormStatistics();

    /**
     * The live running statistics of every batch-norm layer (mean then variance, layer by layer), so callers can
     * snapshot and restore them (sweeps, checkpoints). Empty for models without batch norm.
     */
    java.util.List<INDArray> batchNormStatistics();

    /** Loss and accuracy count of one forward pass. */
    record LossResult(double loss, int correct, int count) {
    }
}
