package org.cram.compress;

import java.util.Set;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;

/**
 * Registers {@link SparseQuantization} as {@code magnitude-quantization}: the target is the sparsity, the bit width
 * an option. Options: {@code bits} (integer in [2, 16], default 8), {@code per_channel} (boolean, default true, as
 * for {@code quantize}), {@code exact_count} ({@link KeepRule}).
 */
public final class SparseQuantizationProvider implements CompressorProvider {
    static final String BITS = "bits";
    static final String PER_CHANNEL = "per_channel";

    @Override
    public String name() {
        return SparseQuantization.NAME;
    }

    @Override
    public String description() {
        return "global magnitude pruning to the target sparsity, then symmetric quantization of the weights; "
                + "options bits, per_channel, exact_count";
    }

    @Override
    public Compressor create(CompressorOptions options) {
        OptionReader o = new OptionReader(name(), options, Set.of(BITS, PER_CHANNEL, KeepRule.OPTION));
        return new SparseQuantization(KeepRule.from(o), (int) o.getLong(BITS, 8, 2, 16),
                o.getBoolean(PER_CHANNEL, true));
    }
}
