package org.cram.compress;

import java.util.Set;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;

/**
 * Registers {@link RandomPruning} as {@code random}. Options: {@code seed} (integer, default 0) and
 * {@code exact_count} ({@link KeepRule}).
 */
public final class RandomPruningProvider implements CompressorProvider {
    static final String SEED = "seed";

    @Override
    public String name() {
        return RandomPruning.NAME;
    }

    @Override
    public String description() {
        return "random pruning baseline (a seeded uniformly random subset of the weights); options seed, exact_count";
    }

    @Override
    public Compressor create(CompressorOptions options) {
        OptionReader o = new OptionReader(name(), options, Set.of(SEED, KeepRule.OPTION));
        return new RandomPruning(o.getLong(SEED, 0, Long.MIN_VALUE, Long.MAX_VALUE), KeepRule.from(o));
    }
}
