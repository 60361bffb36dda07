package org.cram.compress;

import java.util.Set;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;

/**
 * Registers uniform (per-layer) magnitude pruning as {@value #NAME}: every prunable parameter not excluded is
 * pruned to the target on its own. Options: {@code exclude} (names or globs), {@code exclude_roles}
 * ({@link LayerExclusion}), {@code exact_count} ({@link KeepRule}). To match the reference's uniform pruning,
 * exclude the first convolution and the last linear weight by name, e.g.
 * {@code exclude: [conv1.weight, fc.weight]}.
 */
public final class UniformMagnitudeProvider implements CompressorProvider {
    public static final String NAME = "uniform-magnitude";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "per-layer magnitude pruning, the same sparsity in every layer; options exclude, exclude_roles, "
                + "exact_count";
    }

    @Override
    public Compressor create(CompressorOptions options) {
        OptionReader o = new OptionReader(NAME, options,
                Set.of(LayerExclusion.EXCLUDE, LayerExclusion.EXCLUDE_ROLES, KeepRule.OPTION));
        return new LayerwiseMagnitudePruning(NAME, new UniformSparsities(NAME, LayerExclusion.from(o)),
                KeepRule.from(o));
    }
}
