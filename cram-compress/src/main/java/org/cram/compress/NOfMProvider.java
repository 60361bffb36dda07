package org.cram.compress;

import java.util.Set;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;

/** Registers {@link NOfMPruning} as {@code n-of-m}. It takes no options. */
public final class NOfMProvider implements CompressorProvider {
    @Override
    public String name() {
        return NOfMPruning.NAME;
    }

    @Override
    public String description() {
        return "semi-structured N:M pruning (2:4, 4:8, ...) grouped along input channels as the reference";
    }

    @Override
    public Compressor create(CompressorOptions options) {
        options.requireOnly(name(), Set.of());
        return new NOfMPruning();
    }
}
