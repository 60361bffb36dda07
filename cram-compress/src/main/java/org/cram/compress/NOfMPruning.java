package org.cram.compress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.Mask;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterSet;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Semi-structured N:M pruning exactly as the reference groups weights ({@code utils/pruning_utils.py:
 * one_shot_NM_prune}). Each weight is permuted to the reference order {@code [out, ..., in]}: torch's
 * {@code [O, kh, kw, I]} for convolutions (ours are {@code [kh, kw, I, O]}) and {@code [O, I]} for linear layers.
 * It is flattened, and every M consecutive entries form a group (M consecutive input channels at a fixed
 * (o, kh, kw); groups straddle positions when I is not a multiple of M, as ResNet-50's first conv). In each group
 * the M-N smallest |w| are zeroed, ties broken by position as a stable ascending argsort. All prunable weights are
 * compressed.
 */
public final class NOfMPruning implements Compressor {
    public static final String NAME = "n-of-m";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(CompressionTarget target) {
        return target instanceof CompressionTarget.NOfM;
    }

    @Override
    public Mask compress(ParameterSet parameters, CompressionTarget target) {
        if (!(target instanceof CompressionTarget.NOfM nm)) {
            throw new IllegalArgumentException(NAME + " takes an N:M target, got " + target.label());
        }
        Map<Integer, INDArray> masks = new LinkedHashMap<>();
        for (int index : parameters.prunableIndices()) {
            Parameter p = parameters.get(index);
            masks.put(index, maskFor(p, nm.n(), nm.m()));
        }
        Mask mask = new Mask(masks);
        mask.applyTo(parameters);
        return mask;
    }

    /** The axis order that turns this parameter into the reference layout [out, other axes..., in]. */
    static int[] referenceOrder(Parameter p) {
        int rank = p.value().rank();
        if (p.inputAxis() < 0 || p.outputAxis() < 0) {
            throw new IllegalArgumentException(NAME + ": weight '" + p.name() + "' has no input/output axes");
        }
        List<Integer> order = new ArrayList<>();
        order.add(p.outputAxis());
        for (int a = 0; a < rank; a++) {
            if (a != p.inputAxis() && a != p.outputAxis()) {
                order.add(a);
            }
        }
        order.add(p.inputAxis());
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    private static INDArray maskFor(Parameter p, int n, int m) {
        INDArray w = p.value();
        if (w.length() % m != 0) {
            throw new IllegalArgumentException(NAME + ": layer '" + p.name() + "' of shape "
                    + Arrays.toString(w.shape()) + " has " + w.length() + " weights, not a multiple of M=" + m);
        }
        int[] order = referenceOrder(p);
        INDArray permuted = w.permute(order).dup('c');
        double[] v = permuted.data().asDouble();
        double[] mask = new double[v.length];
        Arrays.fill(mask, 1.0);
        Integer[] idx = new Integer[m];
        for (int g = 0; g < v.length; g += m) {
            for (int j = 0; j < m; j++) {
                idx[j] = j;
            }
            final int base = g;
            Arrays.sort(idx, Comparator.comparingDouble(j -> Math.abs(v[base + j]))); // stable
            for (int j = 0; j < m - n; j++) {
                mask[base + idx[j]] = 0.0;
            }
        }
        INDArray maskPermuted = Nd4j.create(mask, permuted.shape(), 'c').castTo(w.dataType());
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[order[i]] = i;
        }
        return maskPermuted.permute(inverse).dup('c');
    }
}
