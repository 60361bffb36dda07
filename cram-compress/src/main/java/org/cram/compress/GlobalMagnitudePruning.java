package org.cram.compress;

import org.cram.api.param.ParameterSet;

/**
 * Global magnitude Top-K: one threshold over all prunable weights together (the paper's default C). The keep
 * count follows a {@link KeepRule}: the reference's rule by default, or an exact count. Selection is O(n) with no
 * sort and, for FLOAT weights, no copy of the weights (a two-pass radix select over their memory).
 */
public final class GlobalMagnitudePruning extends SparsityCompressor {
    public static final String NAME = "global-magnitude";

    private final KeepRule rule;

    /** With the reference keep rule. */
    public GlobalMagnitudePruning() {
        this(KeepRule.REFERENCE);
    }

    public GlobalMagnitudePruning(KeepRule rule) {
        this.rule = java.util.Objects.requireNonNull(rule, "rule");
    }

    @Override
    public String name() {
        return NAME;
    }

    public KeepRule keepRule() {
        return rule;
    }

    @Override
    void prune(ParameterSet parameters, double sparsity, MaskArrays masks) {
        MagnitudePruner.prune(parameters, parameters.prunableIndices(), sparsity, rule, masks);
    }
}
