package org.cram.models.nn;

import java.util.List;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One differentiable stage of a network, executed imperatively with libnd4j's native ops.
 *
 * <p>Call order: {@link #forward} then, for gradients, exactly one {@link #backward} for that forward. A layer keeps
 * what its backward needs (its input, batch statistics) from the latest forward, and owns preallocated output
 * buffers that the next forward of the same shape overwrites: callers that keep an output must copy it.
 */
public interface Layer {

    /** This layer's parameters, named with the layer's prefix, in a fixed order. */
    List<Parameter> parameters();

    /** Computes the output for {@code input}. */
    INDArray forward(INDArray input, ForwardMode mode);

    /**
     * Back-propagates through the latest forward.
     *
     * @param gradOutput     dLoss/dOutput
     * @param parameterGrads one array per {@link #parameters()} entry, overwritten with dLoss/dParameter
     * @return dLoss/dInput
     */
    INDArray backward(INDArray gradOutput, INDArray[] parameterGrads);

    /** Resets batch-norm running statistics (a no-op for layers without them). */
    default void resetRunningStatistics() {
    }

    /** The live running statistics this layer keeps (none by default). */
    default List<INDArray> runningStatistics() {
        return List.of();
    }

    /** Whether this layer (or a sub-layer) keeps batch-norm running statistics. */
    default boolean hasRunningStatistics() {
        return false;
    }

    /**
     * The layers this one is made of, in order (empty for a primitive layer), so that walkers such as
     * {@link Network#batchNormLayers()} can reach nested layers.
     */
    default List<Layer> children() {
        return List.of();
    }
}
