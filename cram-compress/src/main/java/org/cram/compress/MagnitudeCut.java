package org.cram.compress;

/**
 * Which magnitudes a pruning keeps: every entry with {@code |w| > threshold}, plus the first {@code tiesToKeep}
 * entries (in position order) with {@code |w| == threshold}.
 */
record MagnitudeCut(double threshold, long tiesToKeep) {
    /** Keeps every finite weight. */
    static final MagnitudeCut KEEP_ALL = new MagnitudeCut(MagnitudeThreshold.KEEP_ALL, 0);
    /** Prunes every finite weight. */
    static final MagnitudeCut KEEP_NONE = new MagnitudeCut(Double.POSITIVE_INFINITY, 0);

    /** The cut a rule makes over n magnitudes, given a way to find their order statistics. */
    static MagnitudeCut of(long n, double sparsity, KeepRule rule, OrderStatistics select) {
        if (n == 0) {
            return KEEP_ALL;
        }
        if (rule == KeepRule.REFERENCE) {
            if (sparsity == 0.0) {
                return KEEP_ALL;
            }
            long kk = MagnitudeThreshold.thresholdRank(n, sparsity);
            // kk-th largest == (n - kk)-th smallest, 0-based
            return new MagnitudeCut(select.kthSmallest(n - kk).value(), 0);
        }
        long pruned = KeepRule.exactPruneCount(n, sparsity);
        if (pruned == 0) {
            return KEEP_ALL;
        }
        if (pruned == n) {
            return KEEP_NONE;
        }
        // the smallest kept magnitude is the pruned-th smallest (0-based); keep ties with it until n - pruned
        OrderStatistic s = select.kthSmallest(pruned);
        return new MagnitudeCut(s.value(), n - pruned - s.countGreater());
    }

    /** The k-th smallest magnitude (0-based) and how many magnitudes are strictly greater. */
    record OrderStatistic(double value, long countGreater) {
    }

    /** Finds order statistics of the magnitudes being cut. */
    @FunctionalInterface
    interface OrderStatistics {
        OrderStatistic kthSmallest(long k);
    }
}
