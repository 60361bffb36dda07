package org.cram.compress;

import java.util.Set;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;

/**
 * Registers {@link GlobalMagnitudePruning} as {@code global-magnitude}. Option: {@code exact_count} (boolean,
 * default false; see {@link KeepRule}).
 */
public final class GlobalMagnitudeProvider implements CompressorProvider {
    @Override
    public String name() {
        return GlobalMagnitudePruning.NAME;
    }

    @Override
    public String description() {
        return "global magnitude Top-K over all prunable weights (one threshold, the paper's default); "
                + "option exact_count";
    }

    @Override
    public Compressor create(CompressorOptions options) {
        return new GlobalMagnitudePruning(KeepRule.from(new OptionReader(name(), options, Set.of(KeepRule.OPTION))));
    }
}
