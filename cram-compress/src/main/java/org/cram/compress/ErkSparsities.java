package org.cram.compress;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cram.api.param.ParameterSet;

/**
 * The Erdős–Rényi-Kernel distribution of RigL (Evci et al. 2020, {@code sparse_utils.get_sparsities} with power
 * scale 1): every prunable parameter gets density {@code eps * sum(shape) / prod(shape)}, where eps is chosen so
 * that the kept count over all prunable weights is {@code (1 - target) * n}. A layer whose density would exceed 1
 * is kept dense (all layers sharing the largest raw density at once, as RigL does) and eps is recomputed for the
 * rest, until every density is at most 1. Small layers (first convolution, last linear layer) thus end up denser.
 * The sum and product run over the tensor's own shape, so the result does not depend on the weight layout.
 */
final class ErkSparsities implements LayerSparsities {

    @Override
    public Map<Integer, Double> of(ParameterSet parameters, double target) {
        int[] layers = parameters.prunableIndices();
        double[] raw = new double[layers.length];
        double[] size = new double[layers.length];
        for (int j = 0; j < layers.length; j++) {
            long[] shape = parameters.get(layers[j]).value().shape();
            double sum = 0;
            double prod = 1;
            for (long s : shape) {
                sum += s;
                prod *= s;
            }
            raw[j] = prod == 0 ? 0 : sum / prod;
            size[j] = prod;
        }
        boolean[] dense = new boolean[layers.length];
        double eps = target == 0.0 ? Double.NaN : scale(raw, size, dense, target);
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (int j = 0; j < layers.length; j++) {
            out.put(layers[j], target == 0.0 || dense[j] ? 0.0 : Math.max(0.0, 1.0 - eps * raw[j]));
        }
        return out;
    }

    /** The scale eps, marking in {@code dense} the layers that must stay dense. */
    private static double scale(double[] raw, double[] size, boolean[] dense, double target) {
        while (true) {
            double keptBudget = 0;
            double divisor = 0;
            for (int j = 0; j < raw.length; j++) {
                if (dense[j]) {
                    keptBudget -= size[j] * target; // a dense layer keeps its target-many zeros as well
                } else {
                    keptBudget += size[j] * (1.0 - target);
                    divisor += raw[j] * size[j];
                }
            }
            double eps = keptBudget / divisor;
            double maxRaw = 0;
            for (int j = 0; j < raw.length; j++) {
                if (!dense[j]) {
                    maxRaw = Math.max(maxRaw, raw[j]);
                }
            }
            if (maxRaw * eps <= 1.0) {
                return eps;
            }
            for (int j = 0; j < raw.length; j++) {
                dense[j] |= raw[j] == maxRaw;
            }
        }
    }
}
