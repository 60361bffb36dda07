package org.cram.compress;

/**
 * The global Top-K threshold on plain float arrays, with the same code the pruners run on parameters: exposed for
 * benchmarks and for callers that hold weights outside a {@link org.cram.api.param.ParameterSet}.
 */
public final class TopKThreshold {
    private TopKThreshold() {
    }

    /**
     * The reference threshold ({@link KeepRule#REFERENCE}) over the magnitudes of all values of all arrays: the
     * {@code ceil(n * (1 - p))}-th largest |w|, or {@link MagnitudeThreshold#KEEP_ALL} for p = 0. A radix select
     * in two passes over the data, with no copy and no sort; the arrays are not modified.
     *
     * @throws IllegalArgumentException for a sparsity outside [0, 1) or a NaN or infinite value
     */
    public static double reference(double sparsity, float[]... tensors) {
        if (!(sparsity >= 0.0 && sparsity < 1.0)) {
            throw new IllegalArgumentException("sparsity must be in [0, 1), got " + sparsity);
        }
        long n = 0;
        for (float[] t : tensors) {
            n += t.length;
        }
        return MagnitudeCut.of(n, sparsity, KeepRule.REFERENCE,
                new FloatOrderStatistics(FloatBlocks.of(tensors), n)).threshold();
    }
}
