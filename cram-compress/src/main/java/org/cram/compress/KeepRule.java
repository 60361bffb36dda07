package org.cram.compress;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How many weights a sparsity target keeps. Every pruning compressor takes the boolean option
 * {@value #OPTION} to choose between the two rules (default {@code false}, the reference rule).
 */
public enum KeepRule {
    /**
     * The reference's {@code percentile} rule ({@link MagnitudeThreshold}): with {@code kk = ceil(n * (1 - p))}
     * in IEEE double arithmetic, the threshold is the kk-th largest magnitude and a weight is kept iff its magnitude
     * is strictly greater. Distinct magnitudes keep {@code kk - 1} weights; ties at the threshold are all pruned.
     * p = 0 keeps everything.
     */
    REFERENCE,
    /**
     * Exactly {@code n - ceil(n * p)} weights are kept, where the product is computed exactly with p read as its
     * shortest decimal form ({@link Double#toString}), so 0.7 of 100 prunes exactly 70, not 71. The realized
     * sparsity is the smallest achievable value that is at least p. The kept weights are the largest in magnitude;
     * among weights equal to the smallest kept magnitude, the ones earliest in position order are kept (parameter
     * order within the pruned group, then C-order index), as a stable descending sort would.
     */
    EXACT;

    /** The option that selects {@link #EXACT}. */
    public static final String OPTION = "exact_count";

    /** {@link #EXACT} if the option {@value #OPTION} is true, else {@link #REFERENCE}. */
    public static KeepRule from(OptionReader options) {
        return options.getBoolean(OPTION, false) ? EXACT : REFERENCE;
    }

    /** {@code ceil(n * p)} with p taken as its shortest decimal form: the number of weights {@link #EXACT} prunes. */
    public static long exactPruneCount(long n, double sparsity) {
        return BigDecimal.valueOf(sparsity).multiply(BigDecimal.valueOf(n))
                .setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** How many of n weights with distinct magnitudes this rule keeps at sparsity p. */
    public long keepCount(long n, double sparsity) {
        if (this == EXACT) {
            return n - exactPruneCount(n, sparsity);
        }
        return sparsity == 0.0 || n == 0 ? n : MagnitudeThreshold.thresholdRank(n, sparsity) - 1;
    }
}
