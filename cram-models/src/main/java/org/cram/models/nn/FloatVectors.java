package org.cram.models.nn;

import org.cram.api.param.DenseArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Copies between small per-channel arrays (batch-norm scale, shift, statistics) and Java float arrays, straight
 * through the native buffer when the array is dense float32: an ND4J op costs about 0.1 ms whatever its size, and a
 * batch norm layer moved a dozen such vectors per step.
 */
final class FloatVectors {
    private FloatVectors() {
    }

    /** The elements of {@code v} in row-major order, as floats. */
    static float[] read(INDArray v) {
        if (v.dataType() == DataType.FLOAT && DenseArrays.isDense(v)) {
            float[] out = new float[(int) v.length()];
            v.data().asNioFloat().get(0, out);
            return out;
        }
        return v.toFloatVector();
    }

    /** Overwrites {@code v} (any type and layout, {@code values.length} elements) with {@code values}. */
    static void write(float[] values, INDArray v) {
        if (v.length() != values.length) {
            throw new IllegalArgumentException("expected " + v.length() + " values, got " + values.length);
        }
        if (v.dataType() == DataType.FLOAT && DenseArrays.isDense(v)) {
            v.data().asNioFloat().put(0, values);
            return;
        }
        v.assign(Nd4j.createFromArray(values).reshape(v.shape()).castTo(v.dataType()));
    }
}
