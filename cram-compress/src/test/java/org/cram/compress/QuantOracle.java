package org.cram.compress;

/** Plain-double transcriptions of the quantization rules, used as test oracles. */
final class QuantOracle {
    private QuantOracle() {
    }

    /** The nearest of the levels k * wmax / L, |k| <= L, found by scanning them all (fixed rule). */
    static double nearestSymmetricLevel(double w, double wmax, int bits) {
        if (wmax == 0) {
            return w;
        }
        int levels = (1 << (bits - 1)) - 1;
        double best = 0;
        for (int k = -levels; k <= levels; k++) {
            double level = k * wmax / levels;
            if (Math.abs(w - level) < Math.abs(w - best)) {
                best = level;
            }
        }
        return best;
    }

    /** {@code quant_utils.weight_quant} for one channel, transcribed (round half to even, as torch.round). */
    static double[] referenceWeightQuant(double[] row, int bits) {
        double max = 0;
        double min = 0;
        for (double v : row) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        double wmax = Math.max(Math.abs(min), max);
        double wmin = min < 0 ? -wmax : 0;
        if (wmax == 0) {
            wmax = 1;
            wmin = -1;
        }
        double scale = (wmax - wmin) / (Math.pow(2, bits) - 1);
        double lo = -Math.pow(2, bits - 1);
        double hi = Math.pow(2, bits - 1) - 1;
        double[] out = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = Math.min(hi, Math.max(lo, Math.rint(row[i] / scale))) * scale;
        }
        return out;
    }
}
