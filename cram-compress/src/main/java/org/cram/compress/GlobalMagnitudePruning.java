package org.cram.compress;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.Mask;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterSet;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Global magnitude Top-K: one threshold over all prunable weights together (the paper's default C), with the
 * reference's keep-count rule ({@link MagnitudeThreshold}). Selection is O(n) (no sort of all weights).
 */
public final class GlobalMagnitudePruning implements Compressor {
    public static final String NAME = "global-magnitude";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(CompressionTarget target) {
        return target instanceof CompressionTarget.Sparsity;
    }

    @Override
    public Mask compress(ParameterSet parameters, CompressionTarget target) {
        if (!(target instanceof CompressionTarget.Sparsity sparsity)) {
            throw new IllegalArgumentException(NAME + " takes a sparsity target, got " + target.label());
        }
        int[] prunable = parameters.prunableIndices();
        double[][] values = new double[prunable.length][];
        long total = 0;
        for (int j = 0; j < prunable.length; j++) {
            values[j] = parameters.get(prunable[j]).value().data().asDouble();
            total += values[j].length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(NAME + ": " + total + " prunable weights exceed one Java array");
        }
        double[] magnitudes = new double[(int) total];
        int at = 0;
        for (double[] v : values) {
            for (double x : v) {
                magnitudes[at++] = Math.abs(x);
            }
        }
        double threshold = MagnitudeThreshold.threshold(magnitudes, sparsity.fraction());
        Map<Integer, INDArray> masks = new LinkedHashMap<>();
        for (int j = 0; j < prunable.length; j++) {
            Parameter p = parameters.get(prunable[j]);
            double[] m = new double[values[j].length];
            for (int i = 0; i < m.length; i++) {
                m[i] = Math.abs(values[j][i]) > threshold ? 1.0 : 0.0;
            }
            INDArray mask = Nd4j.create(m, p.value().shape(), 'c').castTo(p.value().dataType());
            p.value().muli(mask);
            masks.put(prunable[j], mask);
        }
        return new Mask(masks);
    }
}
