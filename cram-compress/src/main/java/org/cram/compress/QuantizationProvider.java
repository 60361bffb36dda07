package org.cram.compress;

import java.util.Set;
import org.cram.api.compress.Compressor;
import org.cram.api.compress.CompressorOptions;
import org.cram.api.compress.CompressorProvider;

/**
 * Registers {@link WeightQuantization} as {@code quantize}. Options: {@code per_channel} (default true) and
 * {@code reference_clipping} (default false: the fixed symmetric version).
 */
public final class QuantizationProvider implements CompressorProvider {
    @Override
    public String name() {
        return WeightQuantization.NAME;
    }

    @Override
    public String description() {
        return "symmetric uniform weight quantization to 2-16 bits, per output channel or per tensor";
    }

    @Override
    public Compressor create(CompressorOptions options) {
        options.requireOnly(name(), Set.of("per_channel", "reference_clipping"));
        return new WeightQuantization(options.getBoolean("per_channel", true),
                options.getBoolean("reference_clipping", false));
    }
}
