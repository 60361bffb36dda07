package org.cram.api.param;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One array per parameter of a {@link ParameterSet}, with the same shapes and data type, kept by index.
 * Used for gradients, saved weights and optimizer state. The arrays are allocated once and reused: callers
 * write into them rather than replacing them.
 */
public final class TensorSet {
    private final INDArray[] tensors;

    private TensorSet(INDArray[] tensors) {
        this.tensors = tensors;
    }

    /** Zero-filled arrays shaped like each parameter. */
    public static TensorSet zerosLike(ParameterSet params) {
        INDArray[] t = new INDArray[params.size()];
        for (int i = 0; i < t.length; i++) {
            INDArray v = params.get(i).value();
            t[i] = Nd4j.create(v.dataType(), v.shape(), 'c');
        }
        return new TensorSet(t);
    }

    /** Wraps existing arrays (not copied). */
    public static TensorSet wrap(INDArray... tensors) {
        return new TensorSet(tensors.clone());
    }

    public int size() {
        return tensors.length;
    }

    public INDArray get(int index) {
        return tensors[index];
    }

    /** Copies the parameters' current values into these arrays. */
    public void copyFrom(ParameterSet params) {
        checkAligned(params.size());
        for (int i = 0; i < tensors.length; i++) {
            tensors[i].assign(params.get(i).value());
        }
    }

    /** Copies another tensor set into this one. */
    public void copyFrom(TensorSet other) {
        checkAligned(other.size());
        for (int i = 0; i < tensors.length; i++) {
            tensors[i].assign(other.tensors[i]);
        }
    }

    /** Writes these arrays into the parameters' live values (a bit-exact restore). */
    public void copyTo(ParameterSet params) {
        checkAligned(params.size());
        for (int i = 0; i < tensors.length; i++) {
            params.get(i).value().assign(tensors[i]);
        }
    }

    /** Global L2 norm over all arrays, accumulated in double. */
    public double globalNorm() {
        double sumSquares = 0;
        for (INDArray t : tensors) {
            sumSquares += DenseArrays.sumOfSquares(t);
        }
        return Math.sqrt(sumSquares);
    }

    /** Sets every array to zero. */
    public void zero() {
        for (INDArray t : tensors) {
            t.assign(0);
        }
    }

    private void checkAligned(int otherSize) {
        if (otherSize != tensors.length) {
            throw new IllegalArgumentException("tensor set of size " + tensors.length
                    + " is not aligned with a set of size " + otherSize);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TensorSet[");
        for (INDArray t : tensors) {
            sb.append(Arrays.toString(t.shape()));
        }
        return sb.append(']').toString();
    }
}
