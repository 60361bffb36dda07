package org.cram.compress;

/**
 * The reference implementation's pruning threshold ({@code utils/utils.py: percentile}): for target sparsity p over
 * n magnitudes, {@code kk = ceil(n * (1 - p))} in IEEE double arithmetic (exactly as Python computes it), the
 * threshold is the kk-th largest magnitude, and a weight is kept iff {@code |w| > threshold} (strict). Without
 * ties this keeps {@code kk - 1} weights, so the realized sparsity is slightly above the target. p = 0 keeps all.
 */
public final class MagnitudeThreshold {
    /** Threshold returned for p = 0: every magnitude exceeds it. */
    public static final double KEEP_ALL = -1.0;

    private MagnitudeThreshold() {
    }

    /** {@code ceil(n * (1 - p))}: the rank (1-based, from the largest) of the threshold magnitude. */
    public static long thresholdRank(long n, double sparsity) {
        return (long) Math.ceil(n * (1.0 - sparsity));
    }

    /**
     * The threshold for these magnitudes (reordered in place).
     *
     * @param magnitudes absolute values of all weights the threshold ranges over
     */
    public static double threshold(double[] magnitudes, double sparsity) {
        if (sparsity == 0.0 || magnitudes.length == 0) {
            return KEEP_ALL;
        }
        long kk = thresholdRank(magnitudes.length, sparsity);
        // kk-th largest == (n - kk)-th smallest, 0-based
        return Selection.kthSmallest(magnitudes, (int) (magnitudes.length - kk));
    }
}
