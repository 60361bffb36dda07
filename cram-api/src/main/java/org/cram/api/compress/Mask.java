package org.cram.api.compress;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cram.api.param.DenseArrays;
import org.cram.api.param.ParameterSet;
import org.cram.api.param.TensorSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 0/1 mask over some parameters of a {@link ParameterSet}, kept by parameter index. Parameters without an entry
 * are unmasked (all ones). Mask arrays have the shape and data type of their parameter.
 */
public final class Mask {
    private final Map<Integer, INDArray> masks;

    /** @param masks parameter index to 0/1 array; the map is copied, the arrays are not */
    public Mask(Map<Integer, INDArray> masks) {
        this.masks = Collections.unmodifiableMap(new LinkedHashMap<>(masks));
    }

    /** A mask that keeps everything. */
    public static Mask none() {
        return new Mask(Map.of());
    }

    /** Parameter index to mask array, for the masked parameters only. */
    public Map<Integer, INDArray> entries() {
        return masks;
    }

    public boolean covers(int parameterIndex) {
        return masks.containsKey(parameterIndex);
    }

    /** Multiplies each masked parameter's live value by its mask (in place). */
    public void applyTo(ParameterSet params) {
        masks.forEach((i, m) -> params.get(i).value().muli(m));
    }

    /** Multiplies the masked entries of a gradient (or any aligned tensor set) by the mask (in place). */
    public void applyTo(TensorSet tensors) {
        masks.forEach((i, m) -> tensors.get(i).muli(m));
    }

    /** Number of entries the mask covers. */
    public long coveredCount() {
        long n = 0;
        for (INDArray m : masks.values()) {
            n += m.length();
        }
        return n;
    }

    /** Number of covered entries the mask zeroes. */
    public long zeroCount() {
        long kept = 0;
        for (INDArray m : masks.values()) {
            kept += Math.round(DenseArrays.sum(m));
        }
        return coveredCount() - kept;
    }

    /** Fraction of covered entries set to zero ({@code 0} for an empty mask). */
    public double sparsity() {
        long covered = coveredCount();
        return covered == 0 ? 0.0 : (double) zeroCount() / covered;
    }
}
