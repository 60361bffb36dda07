package org.cram.models.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reuse of preallocated arrays: a buffer is replaced only when the requested shape or type changes. */
final class Buffers {
    private Buffers() {
    }

    /** {@code current} if it has this type and shape, else a new C-ordered array (contents undefined). */
    static INDArray reuse(INDArray current, DataType type, long... shape) {
        if (current != null && current.dataType() == type && Arrays.equals(current.shape(), shape)) {
            return current;
        }
        return Nd4j.createUninitialized(type, shape, 'c');
    }
}
