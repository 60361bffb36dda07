package org.cram.compress;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cram.api.compress.Mask;
import org.cram.api.param.ParameterSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The sparsity pattern of pruned weights as a {@link Mask}: 1 where a prunable weight is non-zero, 0 where it is
 * zero, typed like each parameter; non-prunable parameters are not covered. For sparse fine-tuning, take it once
 * after one-shot pruning and re-apply it ({@link Mask#applyTo}) after every optimizer step, as the reference does
 * with {@code --train_sparse}.
 */
public final class MaskFromWeights {
    private MaskFromWeights() {
    }

    public static Mask of(ParameterSet parameters) {
        Map<Integer, INDArray> masks = new LinkedHashMap<>();
        for (int i : parameters.prunableIndices()) {
            INDArray v = parameters.get(i).value();
            double[] w = WeightIO.toDoubles(v);
            double[] keep = new double[w.length];
            for (int j = 0; j < w.length; j++) {
                keep[j] = w[j] != 0.0 ? 1.0 : 0.0;
            }
            masks.put(i, WeightIO.maskOf(v, keep));
        }
        return new Mask(masks);
    }
}
