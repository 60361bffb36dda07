package org.cram.compress;

import java.util.Objects;
import org.cram.api.compress.CompressionTarget;
import org.cram.api.param.ParameterSet;

/**
 * Sparsity and quantization together: global magnitude pruning to the {@code Sparsity} target (as
 * {@link GlobalMagnitudePruning}, with its {@link KeepRule}), then the fixed symmetric {@link WeightQuantization}
 * at a bit width fixed when the compressor is made, over each prunable weight including its zeros. Zero is a
 * level, so pruned weights stay zero. The returned mask is the pruning mask; a kept weight smaller than half a
 * quantization step rounds to zero while its mask entry stays 1.
 */
public final class SparseQuantization extends SparsityCompressor {
    public static final String NAME = "magnitude-quantization";

    private final KeepRule rule;
    private final CompressionTarget.Bits bits;
    private final WeightQuantization quantization;

    /**
     * @param perChannel one quantization range per output channel (else one per tensor)
     * @throws IllegalArgumentException if bits is outside [2, 16]
     */
    public SparseQuantization(KeepRule rule, int bits, boolean perChannel) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.bits = new CompressionTarget.Bits(bits);
        this.quantization = new WeightQuantization(perChannel, false);
    }

    @Override
    public String name() {
        return NAME;
    }

    public int bits() {
        return bits.bits();
    }

    @Override
    void prune(ParameterSet parameters, double sparsity, MaskArrays masks) {
        MagnitudePruner.prune(parameters, parameters.prunableIndices(), sparsity, rule, masks);
        quantization.compress(parameters, bits);
    }
}
