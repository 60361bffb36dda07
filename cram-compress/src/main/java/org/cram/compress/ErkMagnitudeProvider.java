package org.cram.compress;

import java.util.Set;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;

/**
 * Registers per-layer magnitude pruning with the ERK layer distribution ({@link ErkSparsities}) as
 * {@value #NAME}, over every prunable parameter. Option: {@code exact_count} ({@link KeepRule}).
 */
public final class ErkMagnitudeProvider implements CompressorProvider {
    public static final String NAME = "erk-magnitude";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "per-layer magnitude pruning with Erdos-Renyi-Kernel layer sparsities (RigL); option exact_count";
    }

    @Override
    public Compressor create(CompressorOptions options) {
        OptionReader o = new OptionReader(NAME, options, Set.of(KeepRule.OPTION));
        return new LayerwiseMagnitudePruning(NAME, new ErkSparsities(), KeepRule.from(o));
    }
}
