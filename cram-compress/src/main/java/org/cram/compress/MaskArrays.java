package org.cram.compress;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cram.api.compress.Mask;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Collects the mask arrays of one compression, handing out the arrays of a recycled mask where they fit (see
 * {@link org.cram.api.compress.Compressor#compress(org.cram.api.param.ParameterSet,
 * org.cram.api.compress.CompressionTarget, Mask)}).
 */
final class MaskArrays {
    private final Map<Integer, INDArray> recycled;
    private final Map<Integer, INDArray> masks = new LinkedHashMap<>();

    /** @param recycled a mask whose arrays may be overwritten, or {@code null} */
    MaskArrays(Mask recycled) {
        this.recycled = recycled == null ? Map.of() : recycled.entries();
    }

    /**
     * An array for the FLOAT mask of parameter {@code index} shaped like {@code value}, every element of which the
     * caller writes: the recycled one if it is a FLOAT, C-ordered, non-view array of that shape, else a new one.
     */
    INDArray floatMaskFor(int index, INDArray value) {
        INDArray old = recycled.get(index);
        if (old != null && old.dataType() == DataType.FLOAT && old.ordering() == 'c' && !old.isView()
                && java.util.Arrays.equals(old.shape(), value.shape())) {
            return old;
        }
        return Nd4j.createUninitialized(DataType.FLOAT, value.shape(), 'c');
    }

    /** Records the mask of parameter {@code index}. */
    void put(int index, INDArray mask) {
        masks.put(index, mask);
    }

    /** The mask of the recorded arrays. */
    Mask toMask() {
        return new Mask(masks);
    }
}
