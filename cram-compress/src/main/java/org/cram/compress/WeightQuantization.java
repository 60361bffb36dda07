package org.cram.compress;

import java.util.Map;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.Mask;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterSet;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Symmetric uniform weight quantization to b bits, per output channel (default) or per tensor, applied to the
 * prunable weights; it zeroes nothing on purpose, so it returns an empty mask (CrAM then uses the straight-through
 * gradient).
 *
 * <p>Default ("fixed"): {@code scale = max|w| / (2^(b-1) - 1)}, {@code q = round(w / scale)} (half to even, as torch),
 * {@code w' = q * scale}: at most {@code 2^b - 1} levels, error at most half a step, idempotent.
 *
 * <p>{@code referenceClipping}: the authors' {@code weight_quant} (cram-authors/cram utils/quant_utils.py). There,
 * {@code wmax = max(|min(w,0)|, max(w,0))} and {@code wmin = -wmax} if the channel has negative values, else 0;
 * an all-zero channel gets +-1. Then {@code scale = (wmax - wmin) / (2^b - 1)} and
 * {@code q = clamp(round(w/scale), -2^(b-1), 2^(b-1) - 1)}. For channels without negative values this clips their
 * upper half (a bug kept for reproducing the paper's numbers).
 */
public final class WeightQuantization implements Compressor {
    public static final String NAME = "quantize";
    private final boolean perChannel;
    private final boolean referenceClipping;

    public WeightQuantization(boolean perChannel, boolean referenceClipping) {
        this.perChannel = perChannel;
        this.referenceClipping = referenceClipping;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(CompressionTarget target) {
        return target instanceof CompressionTarget.Bits;
    }

    @Override
    public Mask compress(ParameterSet parameters, CompressionTarget target) {
        if (!(target instanceof CompressionTarget.Bits bits)) {
            throw new IllegalArgumentException(NAME + " takes a bit-width target, got " + target.label());
        }
        for (int index : parameters.prunableIndices()) {
            quantize(parameters.get(index), bits.bits());
        }
        return new Mask(Map.of());
    }

    private void quantize(Parameter p, int bits) {
        INDArray w = p.value();
        boolean channels = perChannel && p.outputAxis() >= 0;
        int[] order = channels ? NOfMPruning.referenceOrder(p) : identity(w.rank());
        INDArray permuted = w.permute(order).dup('c');
        double[] v = permuted.data().asDouble();
        int rows = channels ? (int) w.size(p.outputAxis()) : 1;
        int width = v.length / rows;
        for (int r = 0; r < rows; r++) {
            quantizeRow(v, r * width, width, bits);
        }
        INDArray q = Nd4j.create(v, permuted.shape(), 'c').castTo(w.dataType());
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[order[i]] = i;
        }
        w.assign(q.permute(inverse));
    }

    private void quantizeRow(double[] v, int from, int width, int bits) {
        double max = 0;
        double min = 0;
        for (int i = from; i < from + width; i++) {
            max = Math.max(max, v[i]);
            min = Math.min(min, v[i]);
        }
        double low = -Math.pow(2, bits - 1);
        double high = Math.pow(2, bits - 1) - 1;
        double scale;
        if (referenceClipping) {
            double wmax = Math.max(Math.abs(min), max);
            double wmin = min < 0 ? -wmax : 0;
            if (wmax == 0) {
                wmax = 1;
                wmin = -1;
            }
            scale = (wmax - wmin) / (Math.pow(2, bits) - 1);
        } else {
            double wmax = Math.max(Math.abs(min), max);
            if (wmax == 0) {
                return; // an all-zero channel stays zero
            }
            scale = wmax / high;
        }
        for (int i = from; i < from + width; i++) {
            double q = Math.rint(v[i] / scale);
            v[i] = Math.max(low, Math.min(high, q)) * scale + 0.0; // + 0.0 turns -0.0 into 0.0
        }
    }

    private static int[] identity(int rank) {
        int[] a = new int[rank];
        for (int i = 0; i < rank; i++) {
            a[i] = i;
        }
        return a;
    }
}
